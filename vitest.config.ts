import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // vitest's default for `vitest run` is one worker fewer than the cores: a single worker on a 2-core machine, idle
    // while its file waits for gitlab-ci-local, promtool or a synth process. One worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // One module cache per worker, shared by the test files it runs: cdk8s, cdktf, @cdktf/provider-aws, the config
    // loader and the constructs are imported (and transformed) once per worker instead of once per file (half the
    // CPU time of the files that run no outside tool). The price: a shared module's top level runs once per worker,
    // so no helper registers a hook at its top level; hooks every file needs live in the setup file, run before each
    // file (README, "Tests").
    isolate: false,
    setupFiles: ['test/support/setup.ts'],
    // The real-tool files (tens of seconds each) start first; see test/support/sequencer.ts.
    sequence: { sequencer: HeavyFirstSequencer },
    // Synthesizes every environment once into a temporary folder for all suites (test/support/synth-once.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Synthesis and the real-tool suites take seconds, not milliseconds, on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // `npm test` never writes a tracked file: no snapshot is written or removed, new or obsolete, locally or in CI
    // (a missing snapshot fails). `npm run test:update` (vitest --update) is the one way to write them.
    update: 'none',
    // Belt and braces for "no test reaches the network": tools that honour these go to a closed loopback port, and
    // the AWS CLI/SDKs neither find credentials nor reach STS or the instance metadata service.
    env: {
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost,::1',
      no_proxy: '127.0.0.1,localhost,::1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      npm_config_offline: 'true',
      CHECKPOINT_DISABLE: '1',
    },
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'reports/junit.xml' },
  },
});

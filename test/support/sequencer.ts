/**
 * Test-file order for vitest: the files that run real tools for tens of seconds start first, so on a 2-core machine
 * the two workers do not end with one long file running alone. vitest's own order (longest first from the results
 * of a previous run, else the largest file first) stays the order of everything else; CI has no previous results.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest wall time first (seconds on a quiet 2-core machine, isolated files, before the shared module cache). The
 * files that mostly wait on real processes (gitlab-ci-local, servers on loopback, the sample's node:test run) come
 * first, so the other worker fills their idle time with the CPU-bound files.
 */
export const HEAVY_FIRST: readonly string[] = [
  'test/metrics/remote-write-outage.test.ts', // a 60 s outage of a real remote-write receiver, nearly idle (~80 s)
  'test/ci/local-pipeline.test.ts', // five ci/local.sh runs of gitlab-ci-local, started together (32 s)
  'test/metrics/dashboard-queries.test.ts', // every panel query against a real Prometheus (~20 s)
  'test/services/e2e.test.ts', // the catalog services on loopback (17 s)
  'test/alerting/rules.test.ts', // promtool unit tests (34 s)
  'test/examples/sample-service.test.ts', // the sample's node:test suites (12 s)
  'test/config/bad-input.test.ts', // ~70 malformed configs, and the real synth command line (12 s)
  'test/upstream/upstream.test.ts', // kubernetes-mixin's promtool tests (10 s)
  'test/templates/gitlab-ci-local.test.ts', // the service component under gitlab-ci-local (10 s)
  'test/imports.test.ts', // cdk8s import (9 s)
  'test/alerting/e2e.test.ts', // Prometheus and Alertmanager on loopback (8 s)
];

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = HEAVY_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return i === -1 ? HEAVY_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files outside the list keep vitest's order.
    return [...base].sort((a, b) => rank(a) - rank(b));
  }
}

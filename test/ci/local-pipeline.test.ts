/**
 * The merge-request pipeline run for real by gitlab-ci-local (shell executor) through `ci/local.sh`, in a
 * temporary clone of HEAD: GitLab's schema (bundled in gitlab-ci-local) accepts the file, the cloud jobs are
 * absent without credentials, and every credential-free job exits green. The `test` job is not run here: it is
 * `npm test`, which runs this file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const LOCAL_JOBS = ['lint', 'typecheck', 'synth-drift', 'validate-schemas', 'monitoring-tools', 'secret-detection', 'charts-diff', 'images-list'];
/**
 * Every credential-free MR job. Not run here: `test` (it is what runs this file), and the jobs that need a registry
 * or the npm registry's tools in their own images (`scan-images`, `sbom`, `image-digests`), and the IaC scan
 * (`iac-synth` feeds `iac-scan`, which runs checkov from its own image).
 */
const CREDENTIAL_FREE_MR_JOBS = [...LOCAL_JOBS, 'test', 'scan-images', 'sbom', 'image-digests', 'iac-synth', 'iac-scan'];
/** Credential-free too, but only when ci/toolbox/ changes (gitlab-ci-local evaluates `rules:changes` itself). */
const TOOLBOX_JOBS = ['toolbox:build', 'scan-toolbox'];
const CLOUD_JOB = /^(terraform-plan|kubectl-diff|infra|workloads):|^toolbox:publish$/;

function localCi(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('bash', [join(REPO_ROOT, 'ci', 'local.sh'), ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 540_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Row {
  readonly name: string;
  readonly when: string;
  readonly needs: string[];
}

/** Rows of gitlab-ci-local's `--list` table: a job, a stage of the pipeline, its `when` and its needs. */
function rows(output: string): Row[] {
  expect(output, output).toMatch(/^name\s+description\s+stage/m);
  const row = /^([a-z][\w:-]*)\s+(?:check|test|scan|plan|deploy-[a-z]+)\s+(on_success|manual|always|delayed)\s+(?:true|false)\s+\[([^\]]*)\]/;
  return output.split('\n').flatMap((line) => {
    const m = row.exec(line);
    return m ? [{ name: m[1] as string, when: m[2] as string, needs: (m[3] as string).split(',').filter(Boolean) }] : [];
  });
}
const listed = (output: string) => rows(output).map((r) => r.name);
const ROLES = ['AWS_ROLE_ARN_DEV', 'AWS_ROLE_ARN_STAGING', 'AWS_ROLE_ARN_PROD'].flatMap((v) => ['--variable', `${v}=arn:aws:iam::111111111111:role/deploy`]);
const TOOLBOX = ['--variable', 'TOOLBOX_IMAGE=111111111111.dkr.ecr.eu-west-1.amazonaws.com/ci-toolbox:abc'];

describe('the merge-request pipeline under gitlab-ci-local', () => {
  it('passes GitLab\'s schema and holds only credential-free jobs when no AWS role is configured', () => {
    const { status, output } = localCi(['--list']);
    expect(status, output).toBe(0);
    expect(output).toMatch(/json schema validated/);
    expect(output).not.toMatch(/Invalid \.gitlab-ci\.yml/);
    const jobs = listed(output);
    expect(jobs.filter((j) => !TOOLBOX_JOBS.includes(j)).sort()).toEqual([...CREDENTIAL_FREE_MR_JOBS].sort());
    expect(jobs.filter((j) => CLOUD_JOB.test(j))).toEqual([]);
  });

  it('adds plan and diff jobs for exactly the environments whose role is set (with the toolbox image)', () => {
    const { status, output } = localCi([
      '--list',
      '--variable', 'AWS_PLAN_ROLE_ARN_STAGING=arn:aws:iam::222222222222:role/gitlab-plan',
      ...TOOLBOX,
    ]);
    expect(status, output).toBe(0);
    const jobs = listed(output);
    expect(jobs).toEqual(expect.arrayContaining(['terraform-plan:staging', 'kubectl-diff:staging']));
    expect(jobs.filter((j) => CLOUD_JOB.test(j)).sort()).toEqual(['kubectl-diff:staging', 'terraform-plan:staging']);
  });

  it('deploys from the default branch in order, dev automatically and staging and prod behind manual gates', () => {
    const { status, output } = localCi(['--list', '--variable', 'CI_PIPELINE_SOURCE=push', '--variable', 'CI_COMMIT_BRANCH=main', ...ROLES, ...TOOLBOX]);
    expect(status, output).toBe(0);
    const deploy = rows(output).filter((r) => /^(infra|workloads):/.test(r.name));
    expect(deploy.map((r) => [r.name, r.when, r.needs.filter((n) => n.includes(':')).join()])).toEqual([
      ['infra:dev', 'on_success', ''],
      ['workloads:dev', 'on_success', 'infra:dev'],
      ['infra:staging', 'manual', 'workloads:dev'],
      ['workloads:staging', 'manual', 'infra:staging'],
      ['infra:prod', 'manual', 'workloads:staging'],
      ['workloads:prod', 'manual', 'infra:prod'],
    ]);
    expect(deploy[0]?.needs).toEqual(expect.arrayContaining(['test', 'synth-drift', 'validate-schemas', 'scan-images']));
    expect(listed(output)).not.toContain('terraform-plan:dev');
  });

  it('creates no pipeline for a branch push without a merge request, even with every role set', () => {
    const { status, output } = localCi(['--list', '--variable', 'CI_PIPELINE_SOURCE=push', '--variable', 'CI_COMMIT_BRANCH=feature', ...ROLES, ...TOOLBOX]);
    expect(status, output).toBe(0);
    expect(listed(output)).toEqual([]);
  });

  it('runs every credential-free merge-request job green on a clean clone', () => {
    const { status, output } = localCi([]);
    const passed = [...output.matchAll(/^\s*PASS\s+(\S+)/gm)].map((m) => m[1]);
    const failed = [...output.matchAll(/^\s*FAIL\s+(\S+)/gm)].map((m) => m[1]);
    expect(failed, output.slice(-4000)).toEqual([]);
    expect(passed.sort()).toEqual([...LOCAL_JOBS].sort());
    expect(status).toBe(0);
    expect(output).toMatch(/synth-drift - charts-out\/ matches the commit/);
    expect(output).toMatch(/check-monitoring: \d+ rule file\(s\), \d+ Alertmanager config\(s\) checked/);
  }, 600_000);

  it('would reject a pipeline that GitLab\'s schema rejects (the validation is live)', () => {
    const repo = tempDir('gcl-schema-');
    mkdirSync(repo, { recursive: true });
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://gitlab.example.com/platform/broken.git');
    writeFileSync(join(repo, '.gitlab-ci.yml'), 'lint:\n  script: ["true"]\n  when_ready: always\n');
    const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'gitlab-ci-local'), ['--list'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(REPO_ROOT, '.tools', 'bin')}:${process.env.PATH}`, NO_COLOR: '1' },
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/'when_ready' property is not expected to be here/);
  });
});

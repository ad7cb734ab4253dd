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
const CREDENTIAL_FREE_MR_JOBS = [...LOCAL_JOBS, 'test', 'scan-images', 'sbom'];
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

/** Job names from gitlab-ci-local's `--list` table: rows name a job, a stage of the pipeline and a `when`. */
function listed(output: string): string[] {
  expect(output, output).toMatch(/^name\s+description\s+stage/m);
  const row = /^([a-z][\w:-]*)\s+(?:check|test|scan|plan|deploy-[a-z]+)\s+(?:on_success|manual|always|delayed)\s/;
  return output.split('\n').flatMap((line) => row.exec(line)?.[1] ?? []);
}

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
      '--variable', 'TOOLBOX_IMAGE=111111111111.dkr.ecr.eu-west-1.amazonaws.com/ci-toolbox:abc',
    ]);
    expect(status, output).toBe(0);
    const jobs = listed(output);
    expect(jobs).toEqual(expect.arrayContaining(['terraform-plan:staging', 'kubectl-diff:staging']));
    expect(jobs.filter((j) => CLOUD_JOB.test(j)).sort()).toEqual(['kubectl-diff:staging', 'terraform-plan:staging']);
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

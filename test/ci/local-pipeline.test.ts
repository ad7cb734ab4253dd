/**
 * The pipeline as gitlab-ci-local (shell executor) sees it through `ci/local.sh`, in a temporary clone of HEAD: what
 * only gitlab-ci-local proves. GitLab's schema (bundled in gitlab-ci-local) accepts the file; the job list, `when` and
 * `needs` per environment follow the rules for merge requests, branch pushes and the default branch; and one cheap job
 * really runs green through the local runner. The other credential-free jobs are not run here: their checks (lint,
 * typecheck, drift, schemas, promtool/amtool, secrets) are suites of `npm test` already.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promotionOrder } from '../../scripts/lib/pipeline-environments.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const ENVS = promotionOrder(ENVIRONMENTS).map((e) => e.name);

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

/** `ci/local.sh <args>` to completion (bounded); never rejects, the status and output are what the tests check. */
function localCi(args: readonly string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(REPO_ROOT, 'ci', 'local.sh'), ...args],
      { encoding: 'utf8', cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 540_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, output: `${stdout}${stderr}` });
      },
    );
  });
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
const ROLES = ENVS.flatMap((e) => ['--variable', `AWS_ROLE_ARN_${e.toUpperCase()}=arn:aws:iam::111111111111:role/deploy`]);
const TOOLBOX = ['--variable', 'TOOLBOX_IMAGE=111111111111.dkr.ecr.eu-west-1.amazonaws.com/ci-toolbox:abc'];

describe('the merge-request pipeline under gitlab-ci-local', { timeout: 300_000 }, () => {
  // Each run is its own clone and gitlab-ci-local process, mostly waiting on git and the file system: all start at
  // once (a few seconds of wall instead of their sum), and each test checks its own run.
  const runs: Record<string, Promise<{ status: number | null; output: string }>> = {};
  beforeAll(() => {
    runs.mr = localCi(['--list']);
    runs.plan = localCi(['--list', '--variable', 'AWS_PLAN_ROLE_ARN_STAGING=arn:aws:iam::222222222222:role/gitlab-plan', ...TOOLBOX]);
    runs.main = localCi(['--list', '--variable', 'CI_PIPELINE_SOURCE=push', '--variable', 'CI_COMMIT_BRANCH=main', ...ROLES, ...TOOLBOX]);
    runs.branch = localCi(['--list', '--variable', 'CI_PIPELINE_SOURCE=push', '--variable', 'CI_COMMIT_BRANCH=feature', ...ROLES, ...TOOLBOX]);
    runs.job = localCi(['images-list']);
  });
  const run = (name: string) => {
    const r = runs[name];
    if (!r) throw new Error(`no ci/local.sh run ${name}`);
    return r;
  };

  it('passes GitLab\'s schema and holds only credential-free jobs when no AWS role is configured', async () => {
    const { status, output } = await run('mr');
    expect(status, output).toBe(0);
    expect(output).toMatch(/json schema validated/);
    expect(output).not.toMatch(/Invalid \.gitlab-ci\.yml/);
    const jobs = listed(output);
    expect(jobs.filter((j) => !TOOLBOX_JOBS.includes(j)).sort()).toEqual([...CREDENTIAL_FREE_MR_JOBS].sort());
    expect(jobs.filter((j) => CLOUD_JOB.test(j))).toEqual([]);
  });

  it('adds plan and diff jobs for exactly the environments whose role is set (with the toolbox image)', async () => {
    const { status, output } = await run('plan');
    expect(status, output).toBe(0);
    const jobs = listed(output);
    expect(jobs).toEqual(expect.arrayContaining(['terraform-plan:staging', 'kubectl-diff:staging']));
    expect(jobs.filter((j) => CLOUD_JOB.test(j)).sort()).toEqual(['kubectl-diff:staging', 'terraform-plan:staging']);
  });

  it('deploys every environment from the default branch in order, the first automatically, the others behind manual gates', async () => {
    const { status, output } = await run('main');
    expect(status, output).toBe(0);
    const deploy = rows(output).filter((r) => /^(infra|workloads):/.test(r.name));
    expect(deploy.map((r) => [r.name, r.when, r.needs.filter((n) => n.includes(':')).join()])).toEqual(
      ENVS.flatMap((e, i) => [
        [`infra:${e}`, i === 0 ? 'on_success' : 'manual', i === 0 ? '' : `workloads:${ENVS[i - 1] ?? ''}`],
        [`workloads:${e}`, i === 0 ? 'on_success' : 'manual', `infra:${e}`],
      ]),
    );
    expect(deploy[0]?.needs).toEqual(expect.arrayContaining(['test', 'synth-drift', 'validate-schemas', 'scan-images']));
    for (const e of ENVS) expect(listed(output)).not.toContain(`terraform-plan:${e}`);
  });

  it('creates no pipeline for a branch push without a merge request, even with every role set', async () => {
    const { status, output } = await run('branch');
    expect(status, output).toBe(0);
    expect(listed(output)).toEqual([]);
  });

  it('really runs a credential-free job green on a clean clone (images-list: its script, artifact and exit code)', async () => {
    const { status, output } = await run('job');
    const passed = [...output.matchAll(/^\s*PASS\s+(\S+)/gm)].map((m) => m[1]);
    const failed = [...output.matchAll(/^\s*FAIL\s+(\S+)/gm)].map((m) => m[1]);
    expect(failed, output.slice(-4000)).toEqual([]);
    expect(passed).toEqual(['images-list']);
    expect(status).toBe(0);
    expect(output).toMatch(/images: \d+ distinct image\(s\)/);
  });

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

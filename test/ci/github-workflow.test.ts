import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo.js';

const TEXT = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
interface Workflow {
  env: Record<string, string>;
  permissions: Record<string, string>;
  jobs: Record<string, { strategy?: { matrix: { check: string[] } }; steps: { uses?: string; run?: string }[] }>;
}
const WORKFLOW = parse(TEXT) as Workflow;
const GITLAB = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as Record<string, { stage?: string }> & {
  variables: Record<string, string>;
};

describe('the GitHub Actions mirror (.github/workflows/ci.yml)', () => {
  it('runs every credential-free check job of the GitLab pipeline', () => {
    const gitlabChecks = Object.entries(GITLAB)
      .filter(([name, job]) => !name.startsWith('.') && job?.stage === 'check' && !name.startsWith('toolbox') && name !== 'charts-diff')
      .map(([name]) => name);
    expect(WORKFLOW.jobs.checks?.strategy?.matrix.check.sort()).toEqual(gitlabChecks.sort());
    expect(Object.keys(WORKFLOW.jobs).sort()).toEqual(['charts-diff', 'checks', 'sbom', 'test', 'toolbox']);
  });

  it('uses the same scanner and SBOM versions as GitLab', () => {
    expect(WORKFLOW.env.TRIVY_IMAGE).toBe(GITLAB.variables.TRIVY_IMAGE);
    expect(WORKFLOW.env.CYCLONEDX_NPM).toBe(GITLAB.variables.CYCLONEDX_NPM);
  });

  it('pins every action by commit SHA and only reads the repository', () => {
    const uses = Object.values(WORKFLOW.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
    expect(WORKFLOW.permissions).toEqual({ contents: 'read' });
  });

  it('runs the whole test suite with npm test', () => {
    expect(WORKFLOW.jobs.test?.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { environmentNames, type PipelineEnvironment, promotionOrder, withGeneratedSection } from '../../scripts/lib/pipeline-environments.js';
import { cloudJobs, generatedSectionProblems, jobs, parsePipeline, pipelineProblems, type Job } from '../../ci/pipeline-policy.js';
import { ENVIRONMENT_NAMES, ENVIRONMENTS } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';

/** Every environment of config/environments/, in the pipeline's promotion order. */
const PIPELINE_ENVS: PipelineEnvironment[] = promotionOrder(ENVIRONMENTS);
const ENVS = PIPELINE_ENVS.map((e) => e.name);

const TEXT = readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8');
const ALL = jobs(parsePipeline(TEXT));
const job = (name: string): Job => {
  const found = ALL.get(name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

/** The pipeline text with one edit applied to its YAML tree. */
function edited(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(TEXT);
  edit(doc);
  return doc.toString();
}

describe('the GitLab pipeline (.gitlab-ci.yml)', () => {
  it('complies with the delivery policy: ordered, gated, default-branch-only, OIDC-only deploys', () => {
    expect(pipelineProblems(TEXT)).toEqual([]);
  });

  it('generates its per-environment jobs from exactly the files in config/environments/', () => {
    expect(environmentNames().slice().sort()).toEqual([...ENVIRONMENT_NAMES]);
    expect(generatedSectionProblems(TEXT)).toEqual([]);
    for (const env of ENVS) {
      for (const kind of ['terraform-plan', 'kubectl-diff', 'infra', 'workloads']) expect(ALL.has(`${kind}:${env}`), `${kind}:${env}`).toBe(true);
    }
  });

  it('promotes by each environment\'s deploymentTier (then by name), never by its name, and gives the jobs that tier', () => {
    const envs: PipelineEnvironment[] = [
      { name: 'a-live', deploymentTier: 'production' },
      { name: 'sandbox', deploymentTier: 'development' },
      { name: 'rehearsal', deploymentTier: 'staging' },
      { name: 'preview', deploymentTier: 'staging' },
      { name: 'qa', deploymentTier: 'testing' },
    ];
    expect(promotionOrder(envs).map((e) => e.name)).toEqual(['sandbox', 'qa', 'preview', 'rehearsal', 'a-live']);
    const all = jobs(parsePipeline(withGeneratedSection(TEXT, promotionOrder(envs))));
    expect(all.get('infra:a-live')?.environment).toEqual({ name: 'a-live', deployment_tier: 'production' });
    expect((all.get('infra:sandbox')?.rules as Array<Record<string, unknown>> | undefined)?.[0]).not.toHaveProperty('when');
    for (const env of PIPELINE_ENVS) expect(job(`workloads:${env.name}`).environment).toEqual({ name: env.name, deployment_tier: env.deploymentTier });
  });

  it('gives a new environment its own plan and deploy jobs, gated after the first environment', () => {
    const added = ENVIRONMENT_NAMES.includes('qa') ? 'qa2' : 'qa';
    const role = added.toUpperCase();
    const withAdded = promotionOrder([...ENVIRONMENTS, { name: added, deploymentTier: 'testing' }]);
    const envs = withAdded.map((e) => e.name);
    expect(envs[0]).toBe(ENVS[0]);
    expect(envs).toContain(added);
    const text = withGeneratedSection(TEXT, withAdded);
    expect(generatedSectionProblems(TEXT, withAdded)).toEqual([expect.stringMatching(/run npm run ci:generate/)]);
    expect(pipelineProblems(text, envs)).toEqual([]);
    const all = jobs(parsePipeline(text));
    expect(all.get(`infra:${added}`)?.rules).toEqual([{ if: `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $AWS_ROLE_ARN_${role} && $TOOLBOX_IMAGE`, when: 'manual', allow_failure: false }]);
    expect(all.get(`infra:${added}`)?.needs).toEqual([`workloads:${envs[envs.indexOf(added) - 1] ?? ''}`]);
    expect(all.get(`terraform-plan:${added}`)?.variables).toEqual({ DEPLOY_ENV: added, DEPLOY_ROLE_ARN: `$AWS_PLAN_ROLE_ARN_${role}` });
  });

  it('deploys infrastructure then workloads, one environment after the other', () => {
    const order: string[] = [];
    const visit = (name: string) => {
      for (const need of (job(name).needs as string[] | undefined) ?? []) if (need.includes(':')) visit(need);
      if (!order.includes(name)) order.push(name);
    };
    visit(`workloads:${ENVS.at(-1) ?? ''}`);
    expect(order).toEqual(ENVS.flatMap((e) => [`infra:${e}`, `workloads:${e}`]));
  });

  it('applies with scripts/terraform.sh and scripts/workloads.sh for the job\'s own environment', () => {
    expect(job('infra:staging').script).toEqual([
      'npm run synth -- --env "$DEPLOY_ENV"',
      'scripts/terraform.sh "$DEPLOY_ENV" all init',
      // Upgrade order (docs/operations.md): stacks up to secrets, the pinned CRDs, then the operators.
      ...['account', 'network', 'cluster', 'registry', 'secrets'].map((stack) => `scripts/terraform.sh "$DEPLOY_ENV" ${stack} apply`),
      'scripts/crds-apply.sh "$DEPLOY_ENV" apply',
      'scripts/terraform.sh "$DEPLOY_ENV" addons apply',
      // then the long-term metrics store (AMP), which needs the cluster
      'scripts/terraform.sh "$DEPLOY_ENV" long-term-metrics apply',
    ]);
    expect(job('workloads:prod').script).toEqual(['scripts/workloads.sh "$DEPLOY_ENV" apply']);
    expect(job('workloads:prod').variables).toMatchObject({ DEPLOY_ENV: 'prod', DEPLOY_ROLE_ARN: '$AWS_ROLE_ARN_PROD' });
  });

  it('exchanges a GitLab OIDC token for the environment\'s role before any cloud step', () => {
    for (const name of ['terraform-plan:dev', 'kubectl-diff:staging', 'infra:prod', 'workloads:dev']) {
      expect(job(name).id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
      expect(job(name).before_script).toEqual(['bash ci/npm-install.sh', 'source ci/aws-oidc.sh "$DEPLOY_ROLE_ARN"']);
      expect(job(name).image).toBe('$TOOLBOX_IMAGE');
    }
  });

  it('plans and diffs on merge requests only where the environment\'s read-only plan role is configured', () => {
    for (const env of ENVS) {
      for (const name of [`terraform-plan:${env}`, `kubectl-diff:${env}`]) {
        expect(job(name).rules).toEqual([
          { if: `$CI_PIPELINE_SOURCE == "merge_request_event" && $AWS_PLAN_ROLE_ARN_${env.toUpperCase()} && $TOOLBOX_IMAGE` },
        ]);
        expect(job(name).variables).toEqual({ DEPLOY_ENV: env, DEPLOY_ROLE_ARN: `$AWS_PLAN_ROLE_ARN_${env.toUpperCase()}` });
      }
    }
    expect(job('terraform-plan:dev').script).toContain('scripts/terraform.sh "$DEPLOY_ENV" all validate');
    expect(job('terraform-plan:dev').artifacts).toMatchObject({ reports: { terraform: 'tfplan-$DEPLOY_ENV.json' } });
    expect(job('kubectl-diff:dev').script).toEqual(['scripts/workloads.sh "$DEPLOY_ENV" diff | tee "kubectl-diff-$DEPLOY_ENV.txt"']);
  });

  it('lists every job that reaches AWS among the OIDC-checked cloud jobs', () => {
    expect(cloudJobs(ALL).sort()).toEqual(
      [...ENVS.flatMap((e) => ['infra', 'kubectl-diff', 'terraform-plan', 'workloads'].map((k) => `${k}:${e}`)), 'toolbox:publish'].sort(),
    );
  });

  it('reports tests as JUnit, the SBOM as CycloneDX and keeps the charts-out diff as an artifact', () => {
    expect(job('test').script).toEqual(['npm test']);
    expect(job('test').artifacts).toMatchObject({ when: 'always', reports: { junit: 'reports/junit.xml' } });
    expect(job('sbom').artifacts).toMatchObject({ reports: { cyclonedx: 'sbom.cdx.json' } });
    expect(String((job('sbom').script as string[])[0])).toContain('npx --yes "$CYCLONEDX_NPM"');
    expect(parsePipeline(TEXT).variables).toMatchObject({ CYCLONEDX_NPM: expect.stringMatching(/^@cyclonedx\/cyclonedx-npm@\d+\.\d+\.\d+$/) });
    expect(job('charts-diff').artifacts).toMatchObject({ paths: ['charts-out.diff'] });
  });

  it('scans with a pinned Trivy image, failing on HIGH and CRITICAL with the allow-list file', () => {
    expect(parsePipeline(TEXT).variables).toMatchObject({ TRIVY_IMAGE: expect.stringMatching(/^aquasec\/trivy:\d+\.\d+\.\d+$/) });
    expect(job('scan-images').needs).toEqual(['images-list']);
    expect(job('scan-toolbox').script).toEqual([
      'trivy image --input image --exit-code 1 --severity HIGH,CRITICAL --ignorefile ci/trivyignore',
    ]);
    const scanScript = readFileSync(join(REPO_ROOT, 'ci', 'scan-images.sh'), 'utf8');
    expect(scanScript).toContain('--exit-code 1 --severity HIGH,CRITICAL --ignorefile ci/trivyignore');
  });

  it('keys the dependency cache on the lockfile', () => {
    expect(job('typecheck').cache).toContainEqual({ key: { prefix: 'node-modules', files: ['package-lock.json'] }, paths: ['node_modules/'], policy: 'pull-push' });
  });
});

describe('the pipeline policy check', () => {
  it('catches a deploy job that may run on any branch', () => {
    const text = edited((doc) => doc.setIn(['workloads:dev', 'rules', 0, 'if'], '$AWS_ROLE_ARN_DEV && $TOOLBOX_IMAGE'));
    expect(pipelineProblems(text)).toEqual(['workloads:dev: a rule runs it off the default branch']);
  });

  it('catches prod no longer waiting for staging', () => {
    const text = edited((doc) => doc.setIn(['infra:prod', 'needs'], ['workloads:dev']));
    expect(pipelineProblems(text)).toEqual(['infra:prod: must need workloads:staging']);
  });

  it('catches workloads applied before their infrastructure', () => {
    const text = edited((doc) => doc.setIn(['workloads:staging', 'needs'], ['workloads:dev']));
    expect(pipelineProblems(text)).toEqual(['workloads:staging: must need infra:staging']);
  });

  it('catches a staging deploy without its manual gate', () => {
    const text = edited((doc) => doc.deleteIn(['infra:staging', 'rules', 0, 'when']));
    expect(pipelineProblems(text)).toEqual(['infra:staging: must be a blocking manual gate (when: manual, allow_failure: false)']);
  });

  it('catches a missing resource group or environment', () => {
    const text = edited((doc) => {
      doc.deleteIn(['workloads:prod', 'resource_group']);
      doc.setIn(['infra:dev', 'environment', 'name'], 'staging');
    });
    expect(pipelineProblems(text)).toEqual([
      'infra:dev: environment must be dev (got staging)',
      'workloads:prod: resource_group must be prod (got undefined)',
    ]);
  });

  it('catches a long-lived AWS key and a cloud job without an OIDC token', () => {
    const text = edited((doc) => {
      doc.setIn(['variables', 'AWS_ACCESS_KEY_ID'], '$SOME_KEY');
      doc.deleteIn(['.aws', 'id_tokens']);
    });
    const problems = pipelineProblems(text);
    expect(problems[0]).toBe('the pipeline mentions AWS_ACCESS_KEY_ID; use OIDC (id_tokens) instead');
    expect(problems).toContain('infra:prod: reaches AWS without id_tokens.AWS_ID_TOKEN.aud');
    expect(problems).toContain('kubectl-diff:dev: reaches AWS without id_tokens.AWS_ID_TOKEN.aud');
  });

  it('catches a cloud job that runs without its role configured', () => {
    const text = edited((doc) => doc.setIn(['kubectl-diff:prod', 'rules'], [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]));
    expect(pipelineProblems(text)).toEqual(['kubectl-diff:prod: a rule runs it without requiring its AWS role variable $AWS_PLAN_ROLE_ARN_PROD']);
  });

  it('catches a merge-request job that would assume the deploy role', () => {
    const text = edited((doc) => doc.setIn(['terraform-plan:dev', 'variables', 'DEPLOY_ROLE_ARN'], '$AWS_ROLE_ARN_DEV'));
    expect(pipelineProblems(text)).toEqual(['terraform-plan:dev: a rule runs it without requiring its AWS role variable $AWS_ROLE_ARN_DEV']);
  });

  it('resolves extends the way GitLab does (hashes merged, the job wins)', () => {
    expect(stringify(job('workloads:staging').variables)).toBe('DEPLOY_ENV: staging\nDEPLOY_ROLE_ARN: $AWS_ROLE_ARN_STAGING\n');
    expect(job('workloads:staging').interruptible).toBe(false);
    expect(job('lint').interruptible).toBe(true);
  });
});

describe('no AWS key anywhere in the delivery files', () => {
  it.each(['.gitlab-ci.yml', '.github/workflows/ci.yml', 'ci/aws-oidc.sh', 'scripts/workloads.sh', 'docs/ci-cd.md'])('%s', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID\s*[:=]|AKIA[0-9A-Z]{16}/);
  });
});

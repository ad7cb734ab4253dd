/**
 * The per-environment part of `.gitlab-ci.yml`, generated from the files in `config/environments/` so that every
 * environment gets its merge-request plan/diff jobs and its default-branch deploy jobs: adding an environment is one
 * new file plus `npm run synth` (which runs `npm run ci:generate`); the pipeline tests fail when the section is stale.
 *
 * Promotion order: by each environment's `deploymentTier` (development, testing, staging, production; environments of one
 * tier by name), so it comes from the environment files, never from their names. The first environment deploys
 * automatically; every later one waits for a blocking manual gate, after the previous environment's workloads.
 */
import { stringify } from 'yaml';
import { loadEnvironments } from '../../config/load.js';
import { DEPLOYMENT_TIERS, type DeploymentTier } from '../../config/schema.js';

/** What the pipeline needs of an environment. */
export interface PipelineEnvironment {
  readonly name: string;
  /** GitLab's deployment tier, and the environment's place in the promotion order. */
  readonly deploymentTier: DeploymentTier;
}

/** The checks the first deployment waits for. */
export const DEPLOY_CHECKS = ['lint', 'typecheck', 'synth-drift', 'validate-schemas', 'monitoring-tools', 'secret-detection', 'test', 'scan-images'];

export const BEGIN = '# BEGIN generated per-environment jobs: `npm run ci:generate` writes this section from config/environments/';
export const END = '# END generated per-environment jobs';

/** The environments in promotion order: by deployment tier, then by name. */
export function promotionOrder(envs: readonly PipelineEnvironment[]): PipelineEnvironment[] {
  const rank = (e: PipelineEnvironment) => DEPLOYMENT_TIERS.indexOf(e.deploymentTier);
  return [...envs].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The environments of a config folder (validated), in promotion order. @default dir - config/environments/ */
export function pipelineEnvironments(dir?: string): PipelineEnvironment[] {
  return promotionOrder(loadEnvironments(dir === undefined ? {} : { dir }).map((e) => ({ name: e.name, deploymentTier: e.deploymentTier })));
}

/** The environment names of a config folder, in promotion order. */
export function environmentNames(dir?: string): string[] {
  return pipelineEnvironments(dir).map((e) => e.name);
}

const upper = (env: string) => env.toUpperCase().replace(/-/g, '_');
export const roleVariable = (env: string) => `AWS_ROLE_ARN_${upper(env)}`;
export const planRoleVariable = (env: string) => `AWS_PLAN_ROLE_ARN_${upper(env)}`;

type Job = Record<string, unknown>;

/** Stages of the whole pipeline: the fixed ones, then one deploy stage per environment in promotion order. */
export function stages(envs: readonly string[]): string[] {
  return ['check', 'test', 'scan', 'plan', ...envs.map((e) => `deploy-${e}`)];
}

/** The generated jobs (and their per-environment templates), keyed as they appear in `.gitlab-ci.yml`. */
export function environmentJobs(environments: readonly PipelineEnvironment[]): Record<string, unknown> {
  const envs = environments.map((e) => e.name);
  const out: Record<string, unknown> = { stages: stages(envs) };
  for (const env of envs) {
    out[`.env-${env}`] = { variables: { DEPLOY_ENV: env, DEPLOY_ROLE_ARN: `$${roleVariable(env)}` } };
  }
  for (const env of envs) {
    for (const kind of ['terraform-plan', 'kubectl-diff']) {
      out[`${kind}:${env}`] = {
        extends: [`.${kind}`, `.env-${env}`],
        variables: { DEPLOY_ROLE_ARN: `$${planRoleVariable(env)}` },
        rules: [{ if: `$CI_PIPELINE_SOURCE == "merge_request_event" && $${planRoleVariable(env)} && $TOOLBOX_IMAGE` }],
      };
    }
  }
  envs.forEach((env, i) => {
    const previous = envs[i - 1];
    const rule: Job = { if: `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $${roleVariable(env)} && $TOOLBOX_IMAGE` };
    if (previous !== undefined) Object.assign(rule, { when: 'manual', allow_failure: false });
    const common = {
      stage: `deploy-${env}`,
      environment: { name: env, deployment_tier: environments[i]?.deploymentTier },
      resource_group: env,
      rules: [rule],
    };
    out[`infra:${env}`] = { ...common, extends: ['.infra', `.env-${env}`], needs: previous === undefined ? DEPLOY_CHECKS : [`workloads:${previous}`] };
    out[`workloads:${env}`] = { ...common, extends: ['.workloads', `.env-${env}`], needs: [`infra:${env}`] };
  });
  return out;
}

/** The generated section's text, markers included. */
export function generatedSection(envs: readonly PipelineEnvironment[]): string {
  const body = Object.entries(environmentJobs(envs))
    .map(([key, value]) => stringify({ [key]: value }, { lineWidth: 0 }))
    .join('\n');
  return `${BEGIN}\n# (${envs.map((e) => e.name).join(' → ')})\n\n${body}${END}\n`;
}

/** `.gitlab-ci.yml` with its generated section replaced; throws if the markers are missing. */
export function withGeneratedSection(text: string, envs: readonly PipelineEnvironment[]): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`ci-generate: .gitlab-ci.yml has no "${BEGIN}" … "${END}" section; restore the markers`);
  return text.slice(0, start) + generatedSection(envs) + text.slice(end + END.length + 1);
}

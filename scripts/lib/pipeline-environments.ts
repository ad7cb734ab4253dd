/**
 * The per-environment part of `.gitlab-ci.yml`, generated from the files in `config/environments/` so that every
 * environment gets its merge-request plan/diff jobs and its default-branch deploy jobs: adding an environment is one
 * new file plus `npm run synth` (which runs `npm run ci:generate`); the pipeline tests fail when the section is stale.
 *
 * Promotion order: the environments named in PROMOTION_ORDER in that order; any other environment is placed right
 * after the first one (it is pre-production until it is added to the list). The first environment deploys
 * automatically; every later one waits for a blocking manual gate, after the previous environment's workloads.
 */
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { environmentFiles } from '../../config/load.js';

/** Known environments, first to last; the first deploys automatically. */
export const PROMOTION_ORDER: readonly string[] = ['dev', 'staging', 'prod'];
/** GitLab's deployment tier per known environment; any other environment is `testing`. */
const TIERS: Readonly<Record<string, string>> = { dev: 'development', staging: 'staging', prod: 'production' };
/** The checks the first deployment waits for. */
export const DEPLOY_CHECKS = ['lint', 'typecheck', 'synth-drift', 'validate-schemas', 'monitoring-tools', 'secret-detection', 'test', 'scan-images'];

export const BEGIN = '# BEGIN generated per-environment jobs: `npm run ci:generate` writes this section from config/environments/';
export const END = '# END generated per-environment jobs';

/** The environment names of a config folder (file names without .yaml), in promotion order. */
export function promotionOrder(names: readonly string[]): string[] {
  const known = PROMOTION_ORDER.filter((n) => names.includes(n));
  const others = names.filter((n) => !PROMOTION_ORDER.includes(n)).sort();
  if (known.length === 0) return others;
  return [known[0] as string, ...others, ...known.slice(1)];
}

export function environmentNames(dir?: string): string[] {
  return promotionOrder(environmentFiles(dir).map((f) => basename(f).replace(/\.ya?ml$/, '')));
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
export function environmentJobs(envs: readonly string[]): Record<string, unknown> {
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
      environment: { name: env, deployment_tier: TIERS[env] ?? 'testing' },
      resource_group: env,
      rules: [rule],
    };
    out[`infra:${env}`] = { ...common, extends: ['.infra', `.env-${env}`], needs: previous === undefined ? DEPLOY_CHECKS : [`workloads:${previous}`] };
    out[`workloads:${env}`] = { ...common, extends: ['.workloads', `.env-${env}`], needs: [`infra:${env}`] };
  });
  return out;
}

/** The generated section's text, markers included. */
export function generatedSection(envs: readonly string[]): string {
  const body = Object.entries(environmentJobs(envs))
    .map(([key, value]) => stringify({ [key]: value }, { lineWidth: 0 }))
    .join('\n');
  return `${BEGIN}\n# (${envs.join(' → ')})\n\n${body}${END}\n`;
}

/** `.gitlab-ci.yml` with its generated section replaced; throws if the markers are missing. */
export function withGeneratedSection(text: string, envs: readonly string[]): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`ci-generate: .gitlab-ci.yml has no "${BEGIN}" … "${END}" section; restore the markers`);
  return text.slice(0, start) + generatedSection(envs) + text.slice(end + END.length + 1);
}

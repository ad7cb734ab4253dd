/**
 * Reads `.gitlab-ci.yml` the way GitLab resolves jobs (`extends`, deep-merging hashes) and checks the delivery
 * policy of docs/ci-cd.md: deploy jobs only on the default branch, infrastructure before workloads per environment,
 * in promotion order through `needs` (scripts/lib/pipeline-environments.ts), every environment after the first behind a manual gate, one resource
 * group per environment, OIDC tokens on every cloud job and no AWS key anywhere. `pipelineProblems` returns the
 * violations (empty when the pipeline complies).
 */
import { parse } from 'yaml';
import { environmentNames, type PipelineEnvironment, pipelineEnvironments, withGeneratedSection } from '../scripts/lib/pipeline-environments.js';

export type Job = Record<string, unknown>;
export type Pipeline = Record<string, unknown>;

/** Names that would mean a long-lived AWS key is passed to a job. */
export const FORBIDDEN = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

const KEYWORDS = new Set(['workflow', 'stages', 'variables', 'default', 'include', 'image', 'services', 'cache', 'before_script', 'after_script']);

const isHash = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isHash(v) && isHash(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

export function parsePipeline(text: string): Pipeline {
  return parse(text) as Pipeline;
}

/** A job with its `extends` chain merged in (later templates and the job itself win). */
export function resolveJob(pipeline: Pipeline, name: string, seen: string[] = []): Job {
  const raw = pipeline[name];
  if (!isHash(raw)) throw new Error(`no job or template ${name}`);
  if (seen.includes(name)) throw new Error(`extends cycle: ${[...seen, name].join(' → ')}`);
  const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? (raw.extends as string[]) : [raw.extends as string];
  const base = parents.reduce<Job>((acc, p) => merge(acc, resolveJob(pipeline, p, [...seen, name])), {});
  const { extends: _ignored, ...own } = raw;
  return merge(base, own);
}

/** Visible jobs (not templates, not keywords), resolved. */
export function jobs(pipeline: Pipeline): Map<string, Job> {
  return new Map(
    Object.keys(pipeline)
      .filter((k) => !k.startsWith('.') && !KEYWORDS.has(k) && isHash(pipeline[k]))
      .map((k) => [k, resolveJob(pipeline, k)]),
  );
}

interface Rule {
  readonly if?: string;
  readonly when?: string;
  readonly allow_failure?: boolean;
  readonly changes?: unknown;
}

const rulesOf = (job: Job): Rule[] => (Array.isArray(job.rules) ? (job.rules as Rule[]) : []);
const needsOf = (job: Job): string[] =>
  (Array.isArray(job.needs) ? job.needs : []).map((n) => (typeof n === 'string' ? n : String((n as { job: string }).job)));
const roleVariable = (env: string) => `AWS_ROLE_ARN_${env.toUpperCase()}`;

/** Jobs that reach AWS: outside their rules, they use a role variable or set up a web identity. */
export function cloudJobs(all: Map<string, Job>): string[] {
  return [...all]
    .filter(([, job]) => /AWS_ROLE_ARN_|aws-oidc\.sh|AWS_WEB_IDENTITY_TOKEN_FILE|DEPLOY_ROLE_ARN/.test(JSON.stringify({ ...job, rules: [] })))
    .map(([name]) => name);
}

/** Whether the generated per-environment section matches the environments (empty when it does). */
export function generatedSectionProblems(text: string, environments: readonly PipelineEnvironment[] = pipelineEnvironments()): string[] {
  try {
    if (withGeneratedSection(text, environments) === text) return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  return [`the generated per-environment jobs are not those of ${environments.map((e) => e.name).join(', ')}; run npm run ci:generate (npm run synth does it) and commit`];
}

/**
 * The policy's violations for the environments of config/environments/ (in promotion order, scripts/lib/pipeline-environments.ts):
 * the first deploys automatically, every later one behind a manual gate after the previous one.
 */
export function pipelineProblems(text: string, environments: readonly string[] = environmentNames()): string[] {
  const problems: string[] = [];
  const GATED = new Set(environments.slice(1));
  for (const word of FORBIDDEN) if (text.includes(word)) problems.push(`the pipeline mentions ${word}; use OIDC (id_tokens) instead`);
  const pipeline = parsePipeline(text);
  const all = jobs(pipeline);

  for (const name of cloudJobs(all)) {
    const job = all.get(name) as Job;
    const aud = (job.id_tokens as Record<string, { aud?: unknown }> | undefined)?.AWS_ID_TOKEN?.aud;
    if (!aud) problems.push(`${name}: reaches AWS without id_tokens.AWS_ID_TOKEN.aud`);
    const role = ((job.variables ?? {}) as Record<string, string>).DEPLOY_ROLE_ARN;
    for (const rule of rulesOf(job)) {
      const required = role ?? (/\$AWS_(PLAN_)?ROLE_ARN_[A-Z]+/.exec(JSON.stringify(job))?.[0] ?? '$AWS_ROLE_ARN_');
      if (!rule.if?.includes(required)) problems.push(`${name}: a rule runs it without requiring its AWS role variable ${required}`);
    }
  }

  environments.forEach((env, i) => {
    const infra = `infra:${env}`;
    const workloads = `workloads:${env}`;
    for (const name of [infra, workloads]) {
      const job = all.get(name);
      if (!job) {
        problems.push(`${name}: missing`);
        continue;
      }
      const rules = rulesOf(job);
      if (rules.length === 0) problems.push(`${name}: has no rules`);
      for (const rule of rules) {
        const cond = rule.if ?? '';
        if (!cond.includes('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH')) problems.push(`${name}: a rule runs it off the default branch`);
        if (!cond.includes(`$${roleVariable(env)}`)) problems.push(`${name}: a rule runs it without $${roleVariable(env)}`);
        if (GATED.has(env) && (rule.when !== 'manual' || rule.allow_failure !== false)) {
          problems.push(`${name}: must be a blocking manual gate (when: manual, allow_failure: false)`);
        }
        if (!GATED.has(env) && rule.when === 'manual') problems.push(`${name}: the first environment deploys automatically`);
      }
      const environment = job.environment as { name?: string } | string | undefined;
      const environmentName = typeof environment === 'string' ? environment : environment?.name;
      if (environmentName !== env) problems.push(`${name}: environment must be ${env} (got ${environmentName})`);
      if (job.resource_group !== env) problems.push(`${name}: resource_group must be ${env} (got ${String(job.resource_group)})`);
      const variables = (job.variables ?? {}) as Record<string, string>;
      if (variables.DEPLOY_ENV !== env) problems.push(`${name}: DEPLOY_ENV must be ${env}`);
      if (variables.DEPLOY_ROLE_ARN !== `$${roleVariable(env)}`) problems.push(`${name}: DEPLOY_ROLE_ARN must be $${roleVariable(env)}`);
    }
    const infraJob = all.get(infra);
    const workloadsJob = all.get(workloads);
    if (workloadsJob && !needsOf(workloadsJob).includes(infra)) problems.push(`${workloads}: must need ${infra}`);
    const previous = environments[i - 1];
    if (infraJob && previous && !needsOf(infraJob).includes(`workloads:${previous}`)) {
      problems.push(`${infra}: must need workloads:${previous}`);
    }
    if (infraJob && !previous) {
      for (const check of ['test', 'synth-drift', 'validate-schemas', 'scan-images']) {
        if (!needsOf(infraJob).includes(check)) problems.push(`${infra}: must need ${check}`);
      }
    }
  });
  return problems;
}

/** The service-pipeline component as data: its spec header and its jobs, with `$[[ inputs.x ]]` interpolated. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../support/repo.js';

export const COMPONENT = join(REPO_ROOT, 'templates', 'service-pipeline.yml');

export interface InputSpec {
  readonly description?: string;
  readonly type?: string;
  readonly default?: unknown;
  readonly regex?: string;
}

export interface ComponentJob {
  readonly stage?: string;
  readonly image?: string | { name: string; entrypoint?: string[] };
  readonly script?: (string | string[])[];
  readonly after_script?: string[];
  readonly needs?: string[];
  readonly rules?: { if?: string; when?: string; allow_failure?: boolean }[];
  readonly variables?: Record<string, string>;
  readonly environment?: { name: string; action?: string; deployment_tier?: string };
  readonly id_tokens?: Record<string, { aud: string }>;
  readonly artifacts?: { paths?: string[]; reports?: Record<string, string> };
  readonly extends?: string;
  readonly resource_group?: string;
}

export function componentText(): string {
  return readFileSync(COMPONENT, 'utf8');
}

/** The two YAML documents of the component: the spec header and the pipeline. */
export function componentDocs(text = componentText()): { spec: { inputs: Record<string, InputSpec> }; jobsText: string } {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 2) throw new Error('templates/service-pipeline.yml: expected a spec header and a pipeline separated by ---');
  const [header] = docs;
  const spec = (header?.toJS() as { spec: { inputs: Record<string, InputSpec> } }).spec;
  const start = text.indexOf('\n---\n');
  return { spec, jobsText: text.slice(start + 5) };
}

/** The pipeline with every input replaced by `values[name]` or its default (GitLab's own interpolation, by hand). */
export function interpolated(values: Record<string, string | boolean>, text = componentText()): string {
  const { spec, jobsText } = componentDocs(text);
  return jobsText.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name: string) => {
    const value = name in values ? values[name] : spec.inputs[name]?.default;
    if (value === undefined) throw new Error(`input ${name} has no value and no default`);
    return String(value);
  });
}

/** Jobs of the interpolated pipeline, with `extends` of one hidden job resolved (the component uses one level). */
export function componentJobs(values: Record<string, string | boolean>): Map<string, ComponentJob> {
  const all = parseAllDocuments(interpolated(values))[0]?.toJS() as Record<string, ComponentJob>;
  const jobs = new Map<string, ComponentJob>();
  for (const [name, job] of Object.entries(all)) {
    if (name.startsWith('.') || ['stages', 'variables', 'include', 'workflow', 'default'].includes(name)) continue;
    const base = job.extends ? all[job.extends] : undefined;
    jobs.set(name, { ...base, ...job, variables: { ...base?.variables, ...job.variables } });
  }
  return jobs;
}

/** shellcheck fetched by scripts/setup-tools.sh; a missing binary fails the test. */
export function shellcheck(args: readonly string[], input?: string): { status: number | null; output: string } {
  const bin = join(REPO_ROOT, '.tools', 'bin', 'shellcheck');
  if (!existsSync(bin)) throw new Error(`shellcheck not found at ${bin}; run \`bash scripts/setup-tools.sh\``);
  const res = spawnSync(bin, [...args], { cwd: REPO_ROOT, encoding: 'utf8', input, timeout: 60_000 });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/**
 * Files derived from the whole set of environment files besides the synthesized output: the per-environment jobs of
 * `.gitlab-ci.yml` (scripts/lib/pipeline-environments.ts) and the runbooks plus routing diagrams (scripts/lib/alerting-docs.ts).
 * `npm run synth` rewrites them after a successful synthesis, so adding an environment is one file plus one command;
 * `npm run ci:generate` and `npm run runbooks` rewrite one kind each.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Environment } from '../../config/derive.js';
import { loadEnvironments } from '../../config/load.js';
import { pipelineEnvironments, withGeneratedSection } from './pipeline-environments.js';
import { alertingDocs, RUNBOOK_DIR } from './alerting-docs.js';

/** Rewrites the generated section of `.gitlab-ci.yml`; returns the environments it covers, or null when unchanged. */
export function writePipelineJobs(root: string, configDir?: string): string[] | null {
  const file = join(root, '.gitlab-ci.yml');
  const envs = pipelineEnvironments(configDir);
  const text = readFileSync(file, 'utf8');
  const next = withGeneratedSection(text, envs);
  if (next === text) return null;
  writeFileSync(file, next);
  return envs.map((e) => e.name);
}

/**
 * Rewrites docs/runbooks/ and the routing diagrams (only files whose content changed); returns how many there are.
 * `envs` are the repository's environments when the caller has already loaded them. @default - loaded from `config/environments/`
 */
export function writeRunbooks(root: string, envs?: readonly Environment[]): number {
  const files = alertingDocs(envs ?? loadEnvironments({ dir: join(root, 'config', 'environments') }));
  const runbookDir = join(root, RUNBOOK_DIR);
  mkdirSync(runbookDir, { recursive: true });
  for (const name of readdirSync(runbookDir)) {
    if (!(`${RUNBOOK_DIR}/${name}` in files)) rmSync(join(runbookDir, name));
  }
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) writeFileSync(target, content);
  }
  return Object.keys(files).length;
}

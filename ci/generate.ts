/**
 * `npm run ci:generate [-- --check]`: writes the per-environment jobs of `.gitlab-ci.yml` from config/environments/
 * (scripts/lib/pipeline-environments.ts); with --check, only reports whether the committed file is up to date (exit 1 if not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pipelineEnvironments, withGeneratedSection } from '../scripts/lib/pipeline-environments.js';

const file = join(import.meta.dirname, '..', '.gitlab-ci.yml');
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, config: { type: 'string' } } });
try {
  const envs = pipelineEnvironments(values.config);
  const text = readFileSync(file, 'utf8');
  const next = withGeneratedSection(text, envs);
  if (values.check) {
    if (next !== text) {
      process.stderr.write('ci-generate: .gitlab-ci.yml is stale for config/environments/; run npm run ci:generate and commit\n');
      process.exit(1);
    }
  } else if (next !== text) {
    writeFileSync(file, next);
    process.stdout.write(`ci-generate: .gitlab-ci.yml jobs for ${envs.map((e) => e.name).join(', ')}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

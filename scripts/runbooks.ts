/** `npm run runbooks`: regenerates docs/runbooks/*.md and docs/alerting-routing.md from the alert library and config. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadEnvironments } from '../config/load.js';
import { alertingDocs, RUNBOOK_DIR } from './lib/alerting-docs.js';
import { REPO_ROOT } from './lib/crds.js';

const files = alertingDocs(loadEnvironments({ dir: join(REPO_ROOT, 'config', 'environments') }));
const runbookDir = join(REPO_ROOT, RUNBOOK_DIR);
mkdirSync(runbookDir, { recursive: true });
for (const name of readdirSync(runbookDir)) {
  if (!(`${RUNBOOK_DIR}/${name}` in files)) rmSync(join(runbookDir, name));
}
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(REPO_ROOT, path)), { recursive: true });
  writeFileSync(join(REPO_ROOT, path), content);
}
process.stdout.write(`runbooks: wrote ${Object.keys(files).length} files\n`);

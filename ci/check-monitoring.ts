/**
 * `npx tsx ci/check-monitoring.ts [charts-out dir]`: runs the real tools over what charts-out/ carries for them:
 * `promtool check rules` over the spec of every PrometheusRule and `amtool check-config` over every
 * `alertmanager.yaml`. promtool and amtool must be on PATH (.tools/bin from scripts/setup-tools.sh, or the toolbox
 * image); a missing tool is a failure, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { monitoringFiles } from '../scripts/lib/charts-out.js';
import { readManifests } from '../scripts/lib/validate-manifests.js';

const dir = resolve(process.argv[2] ?? 'charts-out');
const files = monitoringFiles(readManifests(dir, dir));
const work = mkdtempSync(join(tmpdir(), 'check-monitoring-'));
let failed = false;

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) {
    process.stderr.write(`check-monitoring: cannot run ${tool} (${result.error.message}); run npm run setup-tools and put .tools/bin on PATH\n`);
    process.exit(1);
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) failed = true;
}

try {
  // The tools must exist even when there is nothing to check yet.
  run('promtool', ['--version']);
  run('amtool', ['--version']);
  for (const file of files) {
    const path = join(work, file.name);
    writeFileSync(path, typeof file.content === 'string' ? file.content : stringify(file.content));
    if (file.kind === 'rules') run('promtool', ['check', 'rules', path]);
    else run('amtool', ['check-config', path]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const count = (kind: string) => files.filter((f) => f.kind === kind).length;
process.stdout.write(`check-monitoring: ${count('rules')} rule file(s), ${count('alertmanager')} Alertmanager config(s) checked\n`);
process.exitCode = failed ? 1 : 0;

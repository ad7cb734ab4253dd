/**
 * `npx tsx ci/charts-summary.ts <base charts-out> <head charts-out>`: the objects a merge request adds, removes and
 * changes, one `<env> <Kind> <namespace>/<name>` per line; the head of the charts-out diff artifact.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { objectChanges } from '../scripts/lib/charts-out.js';
import { readManifests } from '../scripts/lib/validate-manifests.js';

const [baseDir, headDir] = process.argv.slice(2).map((d) => resolve(d));
if (!baseDir || !headDir) {
  process.stderr.write('usage: tsx ci/charts-summary.ts <base charts-out> <head charts-out>\n');
  process.exit(2);
}
const read = (dir: string) => (existsSync(dir) ? readManifests(dir, dir) : []);
const { added, removed, changed } = objectChanges(read(baseDir), read(headDir));
const section = (title: string, mark: string, keys: string[]) =>
  `## ${title}: ${keys.length}\n${keys.map((k) => `${mark} ${k}\n`).join('')}`;
process.stdout.write([section('added', '+', added), section('removed', '-', removed), section('changed', '~', changed)].join('\n'));

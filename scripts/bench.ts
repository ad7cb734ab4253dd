/**
 * `npm run bench`: how synthesis scales with the service catalog.
 *
 * For 10, 100 and 1,000 generated catalog services it synthesizes one environment (prod's settings) into a scratch
 * folder, each run in a fresh process as `npm run synth` would, so that wall time and peak memory (max RSS) are those
 * of that size alone, and finally times a full synthesis of every shipped environment. Two times are shown: the
 * command's wall time (what a user waits for, module loading included; the bound applies to it) and the synthesis
 * alone (validation, both synthesizers, writing files), which shows the per-service cost. It then checks the
 * bound: 1,000 services take at most 4× the 10-service time and less than 15 s. Exit 1 when it does not hold.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- --sizes 10,1000 --repeat 3
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from './lib/crds.js';

interface Measurement {
  readonly label: string;
  readonly services: number;
  /** Wall time of the whole command. */
  readonly millis: number;
  /** Time of the synthesis alone, inside the process. */
  readonly synthMillis: number;
  readonly maxRssMiB: number;
}

const WORKER = join(REPO_ROOT, 'scripts', 'lib', 'bench-worker.ts');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** A config folder holding only `prod.yaml` with `count` generated catalog services (every 3rd with an SLO). */
function generatedConfig(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${count}-`));
  const doc = parseDocument(readFileSync(join(REPO_ROOT, 'config', 'environments', 'prod.yaml'), 'utf8'));
  const services = Array.from({ length: count }, (_, i) => ({
    name: `svc-${String(i).padStart(4, '0')}`,
    namespace: `team-${i % 25}`,
    port: 'http-metrics',
    team: `team-${i % 25}`,
    ...(i % 3 === 0 ? { slo: { availability: 99.9 } } : {}),
  }));
  doc.set('services', services);
  writeFileSync(join(dir, 'prod.yaml'), doc.toString());
  return dir;
}

/** Runs one synthesis in a fresh process and reads its own measurement back. */
function measure(label: string, services: number, configDir: string): Measurement {
  const root = mkdtempSync(join(tmpdir(), 'bench-root-'));
  try {
    const started = performance.now();
    const out = execFileSync(TSX, [WORKER, '--root', root, '--config', configDir], { cwd: REPO_ROOT, encoding: 'utf8' });
    const millis = performance.now() - started;
    const last = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { millis: number; maxRssKiB: number };
    return { label, services, millis, synthMillis: last.millis, maxRssMiB: last.maxRssKiB / 1024 };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100,1000' }, repeat: { type: 'string', default: '3' } } });
const sizes = values.sizes.split(',').map(Number);
const repeat = Math.max(1, Number(values.repeat));

const results: Measurement[] = [];
for (const size of sizes) {
  const config = generatedConfig(size);
  try {
    // The fastest of `repeat` runs: the least disturbed by whatever else the machine is doing.
    const runs = Array.from({ length: repeat }, () => measure(`prod, ${size} services`, size, config));
    results.push(runs.reduce((best, r) => (r.millis < best.millis ? r : best)));
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
const full = mkdtempSync(join(tmpdir(), 'bench-full-'));
cpSync(join(REPO_ROOT, 'config', 'environments'), full, { recursive: true });
results.push(measure('all shipped environments', -1, full));
rmSync(full, { recursive: true, force: true });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
process.stdout.write('scenario                       wall time  synthesis   peak RSS\n');
for (const r of results) {
  process.stdout.write(`${r.label.padEnd(30)} ${seconds(r.millis)}  ${seconds(r.synthMillis)}  ${`${r.maxRssMiB.toFixed(0)} MiB`.padStart(9)}\n`);
}

const small = results.find((r) => r.services === 10);
const large = results.find((r) => r.services === 1000);
if (small && large) {
  const ratio = large.millis / small.millis;
  const ok = ratio <= 4 && large.millis < 15_000;
  process.stdout.write(
    `scaling: 1,000 services take ${ratio.toFixed(2)}× the 10-service time (bound 4×) and ${(large.millis / 1000).toFixed(2)} s (bound 15 s): ${ok ? 'OK' : 'FAILED'}\n`,
  );
  process.exitCode = ok ? 0 : 1;
}

/**
 * `npm run bench`: how fast synthesis is, as ratios measured in one run on this machine.
 *
 * 1. Synth vs. floor. The floor is scripts/bench/hello-synth.ts: plain `node` loading cdk8s and cdktf and
 *    synthesizing one trivial chart and one trivial stack. Full synthesis is the command `npm run synth` runs
 *    (`node scripts/build/run.mjs scripts/synth.ts`; npm's own start-up is left out of both sides), in a scratch
 *    copy of the sources so that neither `charts-out/` nor the build cache of this checkout is touched: with the
 *    cache emptied before each run (cold: it bundles first) and with it filled (warm). Runs are interleaved (floor,
 *    cold, warm, floor, ...) so that load from elsewhere on the machine hits all three alike. It prints the median,
 *    min and max of each and the ratios of the medians; the goal is warm ≤ 3× the floor.
 * 2. Scaling. For 10, 100 and 1,000 generated catalog services it synthesizes one environment (prod's settings)
 *    into a scratch folder, each run in a fresh process, and shows the command's wall time, the synthesis alone
 *    (validation, both synthesizers, writing files) and peak memory, then where each median run's time went (config,
 *    cdk8s build, cdk8s toJson + YAML, cdktf, moving outputs into place, start-up) and what one added service costs
 *    in each step between 10 and 1,000. Bound: 1,000 services take at most 4× the 10-service time and less than
 *    15 s (medians); exit 1 when it does not hold.
 * 3. With `--test`, the wall time of one `npm test` (it takes minutes).
 *
 *   npm run bench
 *   npm run bench -- --runs 9 --sizes 10,1000 --repeat 3
 *   npm run bench -- --sizes none --test
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ensureBuilt } from './build/cache.mjs';
import { BENCH_USAGE, BenchUsageError, copySources, formatMarginal, formatPhases, formatStats, formatSynthReport, parseBenchArgs, stats, type BenchOptions, type PhaseTimes } from './bench/lib.js';
import { REPO_ROOT } from './lib/crds.js';

const LAUNCHER = join('scripts', 'build', 'run.mjs');

/** Environment for child processes: no inherited cache location, so each root uses its own `.cache/build`. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.BUILD_CACHE_DIR;
  return env;
}

/** Wall time of one command, in ms; a failing command stops the bench with its output. */
function timed(command: string, args: readonly string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, [...args], { cwd, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const millis = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`bench: ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}) in ${cwd}\n${result.stdout}${result.stderr}`);
  }
  return millis;
}

async function synthVsFloor(runs: number): Promise<string> {
  const floorBundle = (await ensureBuilt(join('scripts', 'bench', 'hello-synth.ts'))).bundle;
  const scratch = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  try {
    copySources(REPO_ROOT, scratch);
    const synth = () => timed(process.execPath, [LAUNCHER, join('scripts', 'synth.ts')], scratch);
    const emptyCache = () => rmSync(join(scratch, '.cache'), { recursive: true, force: true });
    // One unmeasured round: file-system caches warm for all three alike.
    timed(process.execPath, [floorBundle], scratch);
    emptyCache();
    synth();
    const floor: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(timed(process.execPath, [floorBundle], scratch));
      emptyCache();
      cold.push(synth());
      warm.push(synth());
    }
    return formatSynthReport({ floor: stats(floor), cold: stats(cold), warm: stats(warm) });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface Measurement {
  readonly label: string;
  readonly services: number;
  /** Wall time of the whole command. */
  readonly millis: number;
  /** Time of the synthesis alone, inside the process. */
  readonly synthMillis: number;
  readonly maxRssMiB: number;
  /** Time of each step of the synthesis. */
  readonly phases: PhaseTimes;
}

/**
 * A config folder holding only `prod.yaml` with `count` generated catalog services, each with a full workload like a
 * real entry: a pinned image (tag and digest), API and metrics ports, autoscaling, plain env, its team's database
 * secret and a public route through the gateway (Deployment, Service, HPA, PDB, ServiceAccount, NetworkPolicies,
 * ConfigMap, ExternalSecret, HTTPRoute, ServiceMonitor). Besides, every 3rd has an SLO, every 4th calls its
 * predecessor and every 20th has AWS access. Teams (25) get alert routes. The digests are synthetic (sha256 of the
 * name): this catalog is never deployed.
 */
function generatedConfig(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${count}-`));
  const doc = parseDocument(readFileSync(join(REPO_ROOT, 'config', 'environments', 'prod.yaml'), 'utf8'));
  const domain = String(doc.getIn(['gateway', 'domain']));
  const teams = Math.min(25, count);
  const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
  const services = Array.from({ length: count }, (_, i) => ({
    name: name(i),
    namespace: `team-${i % teams}`,
    team: `team-${i % teams}`,
    image: { tag: '1.0.0', digest: `sha256:${createHash('sha256').update(name(i)).digest('hex')}` },
    ports: { http: 8080, 'http-metrics': 9090 },
    port: 'http-metrics',
    autoscaling: { min: 2, max: 6 },
    env: { LOG_LEVEL: 'info', SERVICE_NAME: name(i) },
    secrets: [`team-${i % teams}-db`],
    ...(i % 4 === 1 ? { dependencies: { services: [name(i - 1)], ...(i % 20 === 1 ? { aws: ['sqs'] } : {}) } } : {}),
    ...(i % 20 === 1 ? { aws: { actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:eu-west-1:333333333333:${name(i)}`] } } : {}),
    route: { host: `${name(i)}.${domain}`, path: '/api' },
    ...(i % 3 === 0 ? { slo: { availability: 99.9 } } : {}),
  }));
  doc.set('services', services);
  doc.set(
    'secrets',
    Array.from({ length: teams }, (_, t) => ({ name: `team-${t}-db`, description: `database login of team-${t}`, keys: ['username', 'password'] })),
  );
  doc.setIn(
    ['alerting', 'routing', 'teams'],
    Array.from({ length: teams }, (_, t) => ({ team: `team-${t}`, critical: String(doc.getIn(['alerting', 'routing', 'severity', 'critical'])), warning: String(doc.getIn(['alerting', 'routing', 'severity', 'warning'])) })),
  );
  writeFileSync(join(dir, 'prod.yaml'), doc.toString());
  return dir;
}

/** Runs one synthesis in a fresh process (as `npm run synth` would, from the build cache) and reads its own measurement back. */
function measure(label: string, services: number, configDir: string): Measurement {
  const root = mkdtempSync(join(tmpdir(), 'bench-root-'));
  try {
    const started = performance.now();
    const out = execFileSync(process.execPath, [LAUNCHER, join('scripts', 'lib', 'bench-worker.ts'), '--root', root, '--config', configDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const millis = performance.now() - started;
    const last = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { millis: number; maxRssKiB: number; phases: PhaseTimes };
    return { label, services, millis, synthMillis: last.millis, maxRssMiB: last.maxRssKiB / 1024, phases: last.phases };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The median run by wall time (its own synthesis time and memory come with it). */
function medianRun(runs: readonly Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.millis - b.millis);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Measurement;
}

async function scaling(options: BenchOptions): Promise<{ text: string; ok: boolean }> {
  await ensureBuilt(join('scripts', 'lib', 'bench-worker.ts'));
  const rows: { m: Measurement; wall: string }[] = [];
  const medians = new Map<number, number>();
  for (const size of options.sizes) {
    const config = generatedConfig(size);
    try {
      const runs = Array.from({ length: options.repeat }, () => measure(`prod, ${size} services`, size, config));
      const wall = stats(runs.map((r) => r.millis));
      medians.set(size, wall.median);
      rows.push({ m: medianRun(runs), wall: formatStats(wall) });
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  }
  const full = mkdtempSync(join(tmpdir(), 'bench-full-'));
  try {
    cpSync(join(REPO_ROOT, 'config', 'environments'), full, { recursive: true });
    const runs = Array.from({ length: options.repeat }, () => measure('all shipped environments', -1, full));
    rows.push({ m: medianRun(runs), wall: formatStats(stats(runs.map((r) => r.millis))) });
  } finally {
    rmSync(full, { recursive: true, force: true });
  }

  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
  const lines = [
    `scaling: median [min–max] of ${options.repeat} runs each; synthesis and peak RSS of the median run`,
    `  ${'scenario'.padEnd(28)} ${'wall time'.padEnd(24)} synthesis   peak RSS`,
    ...rows.map(({ m, wall }) => `  ${m.label.padEnd(28)} ${wall.padEnd(24)}${seconds(m.synthMillis)}  ${`${m.maxRssMiB.toFixed(0)} MiB`.padStart(9)}`),
  ];
  lines.push('where the time goes (the median run of each):', ...rows.map(({ m }) => `  ${m.label.padEnd(28)} ${formatPhases(m)}`));
  const smallRun = rows.find(({ m }) => m.services === 10)?.m;
  const largeRun = rows.find(({ m }) => m.services === 1000)?.m;
  if (smallRun && largeRun) lines.push(formatMarginal(smallRun, largeRun));
  const small = medians.get(10);
  const large = medians.get(1000);
  let ok = true;
  if (small !== undefined && large !== undefined) {
    const ratio = large / small;
    ok = ratio <= 4 && large < 15_000;
    lines.push(
      `scaling: 1,000 services take ${ratio.toFixed(2)}× the 10-service time (bound 4×) and ${(large / 1000).toFixed(2)} s (bound 15 s): ${ok ? 'OK' : 'FAILED'}`,
    );
  }
  return { text: `${lines.join('\n')}\n`, ok };
}

function npmTest(): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = performance.now();
  const result = spawnSync(npm, ['test'], { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const millis = performance.now() - started;
  const verdict = result.status === 0 ? 'passed' : `FAILED (exit ${result.status ?? result.signal})`;
  return `npm test: ${(millis / 1000).toFixed(1)} s wall, ${verdict} (goal ≤ 90 s on 2 cores)\n`;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  process.stdout.write(await synthVsFloor(options.runs));
  let ok = true;
  if (options.sizes.length > 0) {
    const result = await scaling(options);
    process.stdout.write(result.text);
    ok = result.ok;
  }
  if (options.test) process.stdout.write(npmTest());
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

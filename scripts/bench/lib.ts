/** Argument parsing, statistics and report lines for `npm run bench` (scripts/bench.ts). */
import { cpSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SynthPhase } from '../lib/synthesize.js';

export interface BenchOptions {
  /** Runs per synth-vs-floor scenario. @default 5 */
  readonly runs: number;
  /** Catalog sizes for the scaling figures; empty skips them. @default [10, 100, 1000] */
  readonly sizes: readonly number[];
  /** Runs per catalog size. @default 3 */
  readonly repeat: number;
  /** Also time `npm test` once. @default false */
  readonly test: boolean;
}

export const BENCH_USAGE = 'usage: npm run bench [-- --runs <n>] [--sizes <n,n,...>|none] [--repeat <n>] [--test]';

/** Thrown for bad arguments; the message says which and how to fix it. */
export class BenchUsageError extends Error {}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`bench: --${flag} must be a positive integer (got "${text}")`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        runs: { type: 'string', default: '5' },
        sizes: { type: 'string', default: '10,100,1000' },
        repeat: { type: 'string', default: '3' },
        test: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(`bench: ${(error as Error).message}`);
  }
  const sizes = values.sizes === 'none' ? [] : values.sizes.split(',').map((s) => positiveInt('sizes', s.trim()));
  return { runs: positiveInt('runs', values.runs), sizes, repeat: positiveInt('repeat', values.repeat), test: values.test };
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('stats: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: sorted.length };
}

/** `1.23 s [1.20–1.31]`: the median, then min–max. */
export function formatStats(s: Stats): string {
  const sec = (ms: number) => (ms / 1000).toFixed(2);
  return `${sec(s.median)} s [${sec(s.min)}–${sec(s.max)}]`;
}

/** The goal for the warm-cache ratio: full synth within 3× of the floor. */
export const SYNTH_RATIO_GOAL = 3;

export interface SynthFigures {
  readonly floor: Stats;
  readonly cold: Stats;
  readonly warm: Stats;
}

/** The synth-vs-floor block of the report: one line per scenario, then the ratios of the medians. */
export function formatSynthReport(f: SynthFigures): string {
  const ratio = (s: Stats) => s.median / f.floor.median;
  const warm = ratio(f.warm);
  const lines = [
    `synth vs. floor: wall time, median [min–max] of ${f.floor.runs} interleaved runs each`,
    `  floor (node + cdk8s + cdktf, one trivial chart and stack)  ${formatStats(f.floor)}`,
    `  npm run synth, cold cache (bundles first)                 ${formatStats(f.cold)}`,
    `  npm run synth, warm cache                                 ${formatStats(f.warm)}`,
    `ratio: cold ${ratio(f.cold).toFixed(2)}× the floor, warm ${warm.toFixed(2)}× the floor (goal ≤ ${SYNTH_RATIO_GOAL}×: ${warm <= SYNTH_RATIO_GOAL ? 'met' : 'NOT met'})`,
  ];
  return `${lines.join('\n')}\n`;
}

/** How the report names each step of a synthesis (scripts/lib/synthesize.ts), in their order. */
export const PHASE_LABELS: Readonly<Record<SynthPhase, string>> = {
  config: 'config',
  'charts-build': 'cdk8s build',
  'charts-write': 'cdk8s toJson + YAML',
  terraform: 'cdktf',
  commit: 'move into place',
};

/** Milliseconds per step of one synthesis. */
export type PhaseTimes = Readonly<Partial<Record<SynthPhase, number>>>;

/** One measured run, as the phase lines need it. */
export interface PhasedRun {
  readonly services: number;
  /** Wall time of the whole command. */
  readonly millis: number;
  /** Time of the synthesis inside the process. */
  readonly synthMillis: number;
  readonly phases: PhaseTimes;
}

const phaseOrder = Object.keys(PHASE_LABELS) as SynthPhase[];

/** `config 0.43 s · cdk8s build 0.66 s · …; start-up and module loading 0.61 s`: where one run's wall time went. */
export function formatPhases(run: PhasedRun): string {
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const steps = phaseOrder.filter((p) => run.phases[p] !== undefined).map((p) => `${PHASE_LABELS[p]} ${sec(run.phases[p] ?? 0)}`);
  return `${steps.join(' · ')}; start-up and module loading ${sec(run.millis - run.synthMillis)}`;
}

/**
 * What each added catalog service costs between two runs, in ms per service: the wall time, then each step. The
 * start-up does not grow with the catalog, so a bound on the ratio of the two wall times is a bound on this cost
 * relative to the small run's whole time.
 */
export function formatMarginal(small: PhasedRun, large: PhasedRun): string {
  const added = large.services - small.services;
  if (added <= 0) throw new Error('formatMarginal: the large run must have more services than the small one');
  // Noise can make a step that does not grow come out a hair below zero; print that as 0.00, not -0.00.
  const per = (a: number, b: number) => `${(Math.abs(b - a) / added < 0.005 ? 0 : (b - a) / added).toFixed(2)} ms`;
  const steps = phaseOrder
    .filter((p) => small.phases[p] !== undefined && large.phases[p] !== undefined)
    .map((p) => `${PHASE_LABELS[p]} ${per(small.phases[p] ?? 0, large.phases[p] ?? 0)}`);
  return `per added service (${small.services} → ${large.services}): ${per(small.millis, large.millis)} of wall time: ${steps.join(' · ')}`;
}

/** Top-level entries that are outputs, caches or tools rather than sources. */
const NOT_SOURCES = new Set(['.git', 'node_modules', '.cache', 'cdktf.out', '.tools', '.crds', 'coverage', 'reports', '.gitlab-ci-local']);

/**
 * A copy of the repository's sources at `dest`, sharing `node_modules/` through a symlink, so that `npm run synth`
 * can run there with its own outputs and its own build cache.
 */
export function copySources(root: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (NOT_SOURCES.has(entry) || entry.startsWith('.synth-staging-')) continue;
    cpSync(join(root, entry), join(dest, entry), { recursive: true });
  }
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dest, 'node_modules'), 'dir');
}

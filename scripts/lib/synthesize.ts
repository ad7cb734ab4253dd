/**
 * Synthesizes environments into a staging folder, then swaps the results into `charts-out/` and `cdktf.out/`.
 * Nothing under the output folders changes unless every selected environment synthesized successfully.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildK8sApp } from '../../cdk8s/app.js';
import { buildTfApp } from '../../cdktf/app.js';
import type { Environment } from '../../config/derive.js';
import { ConfigError, ENVIRONMENTS_DIR, loadEnvironments } from '../../config/load.js';
import { synthK8sApp, type SynthesizedChart } from './k8s-synth.js';
import { LOCAL_DIR, LOCAL_SOURCE_ENV, localStackFiles, type K8sObject } from './local/stack.js';
import { withoutTokenCreationStacks } from './tf-synth.js';

export type SynthTarget = 'cdk8s' | 'cdktf';

/** The steps of a synthesis, in the order {@link SynthOptions.onPhase} reports them. */
export type SynthPhase = 'config' | 'charts-build' | 'charts-write' | 'terraform' | 'commit';

export interface SynthOptions {
  /** Repository root; outputs go to `<root>/charts-out` and `<root>/cdktf.out`. */
  readonly root: string;
  /** Environment files folder. @default config/environments */
  readonly configDir?: string;
  /** Only these environments. @default - every file in the config folder */
  readonly only?: readonly string[];
  /** Which synthesizers to run. @default both */
  readonly targets?: readonly SynthTarget[];
  /**
   * Called with the time of each step (`charts-build`/`charts-write` once per environment): loading and validating
   * the config, building the cdk8s constructs, serializing and writing the manifests, synthesizing Terraform, and
   * moving the outputs into place. `npm run bench` reports them. @default - not reported
   */
  readonly onPhase?: (phase: SynthPhase, millis: number) => void;
}

export interface EnvironmentSummary {
  readonly env: string;
  /** Number of Kubernetes objects per kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Files written for this environment (chart files and stack files). */
  readonly files: readonly string[];
  readonly millis: number;
}

const CHARTS_OUT = 'charts-out';
const CDKTF_OUT = 'cdktf.out';

function countKinds(charts: readonly SynthesizedChart[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const { apiObjects } of charts) {
    for (const object of apiObjects) kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
}

function replaceDir(staged: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  renameSync(staged, target);
}

function listDirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
}

interface TfManifest {
  stacks: Record<string, unknown>;
  [key: string]: unknown;
}

/** Moves staged stacks into place and keeps `manifest.json` listing exactly the stacks on disk. */
function commitTerraform(stagedOut: string, targetOut: string, envs: readonly Environment[], full: boolean): void {
  const stagedStacks = join(stagedOut, 'stacks');
  const targetStacks = join(targetOut, 'stacks');
  mkdirSync(targetStacks, { recursive: true });
  const fresh = listDirs(stagedStacks);
  const ours = (name: string) => full || envs.some((e) => name.startsWith(`${e.name}-`));
  for (const stale of listDirs(targetStacks).filter((n) => ours(n) && !fresh.includes(n))) {
    rmSync(join(targetStacks, stale), { recursive: true, force: true });
  }
  for (const name of fresh) replaceDir(join(stagedStacks, name), join(targetStacks, name));

  const stagedManifest = JSON.parse(readFileSync(join(stagedOut, 'manifest.json'), 'utf8')) as TfManifest;
  const manifestPath = join(targetOut, 'manifest.json');
  const previous: TfManifest = !full && existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as TfManifest)
    : { stacks: {} };
  const stacks = { ...Object.fromEntries(Object.entries(previous.stacks).filter(([n]) => !ours(n))), ...stagedManifest.stacks };
  const sorted = Object.fromEntries(Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(manifestPath, `${JSON.stringify({ ...stagedManifest, stacks: sorted }, null, 2)}\n`);
}

/** The environments of the last successful synthesis of a whole config folder in this process, by folder. */
let lastFullRun: { readonly dir: string; readonly envs: readonly Environment[] } | undefined;

/**
 * The environments the last successful `synthesize` of every file in `dir` loaded and validated, so that the files
 * derived from them after a synthesis (scripts/synth.ts) come from the same reading instead of a second one.
 * Undefined when this process has not synthesized that whole folder.
 */
export function synthesizedEnvironments(dir: string): readonly Environment[] | undefined {
  return lastFullRun && lastFullRun.dir === resolve(dir) ? lastFullRun.envs : undefined;
}

/** Synthesizes, then replaces outputs. Throws (writing nothing) on invalid config or a synthesis error. */
export function synthesize(options: SynthOptions): EnvironmentSummary[] {
  const targets = options.targets ?? ['cdk8s', 'cdktf'];
  const timed = <T>(phase: SynthPhase, fn: () => T): T => {
    const started = performance.now();
    const result = fn();
    options.onPhase?.(phase, performance.now() - started);
    return result;
  };
  const envs = timed('config', () => loadEnvironments({ dir: options.configDir, only: options.only }));
  const full = !options.only?.length;
  lastFullRun = undefined;
  const reserved = envs.find((e) => e.name === LOCAL_DIR);
  if (reserved) {
    throw new ConfigError([
      {
        file: relative(process.cwd(), join(options.configDir ?? ENVIRONMENTS_DIR, `${LOCAL_DIR}.yaml`)),
        path: 'name',
        message: `"${LOCAL_DIR}" is reserved for the local development stack (charts-out/${LOCAL_DIR}); rename the environment and its file`,
      },
    ]);
  }
  const staging = mkdtempSync(join(options.root, '.synth-staging-'));
  try {
    const summaries: EnvironmentSummary[] = [];
    for (const env of envs) {
      const started = performance.now();
      let kinds: Record<string, number> = {};
      let files: string[] = [];
      if (targets.includes('cdk8s')) {
        const app = timed('charts-build', () => buildK8sApp(env, join(staging, CHARTS_OUT, env.name)));
        const charts = timed('charts-write', () => synthK8sApp(app));
        kinds = countKinds(charts);
        if (env.name === LOCAL_SOURCE_ENV) {
          const objects = charts.flatMap((c) => c.manifests as unknown as K8sObject[]);
          for (const [path, body] of localStackFiles(env, objects)) {
            const target = join(staging, CHARTS_OUT, LOCAL_DIR, path);
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, body);
          }
        }
        files = readdirSync(join(staging, CHARTS_OUT, env.name)).sort().map((f) => `${CHARTS_OUT}/${env.name}/${f}`);
      }
      summaries.push({ env: env.name, kinds, files, millis: performance.now() - started });
    }
    if (targets.includes('cdktf')) {
      const started = performance.now();
      timed('terraform', () => withoutTokenCreationStacks(() => buildTfApp(envs, join(staging, CDKTF_OUT)).synth()));
      const perEnv = (performance.now() - started) / envs.length;
      const stacks = listDirs(join(staging, CDKTF_OUT, 'stacks'));
      summaries.forEach((s, i) => {
        const own = stacks.filter((n) => n.startsWith(`${s.env}-`)).map((n) => `${CDKTF_OUT}/stacks/${n}/cdk.tf.json`);
        summaries[i] = { ...s, files: [...s.files, ...own], millis: s.millis + perEnv };
      });
    }

    // Every environment synthesized: only now touch the real outputs.
    const committing = performance.now();
    if (targets.includes('cdk8s')) {
      const chartsOut = join(options.root, CHARTS_OUT);
      mkdirSync(chartsOut, { recursive: true });
      if (full) {
        const keep = (n: string) => envs.some((e) => e.name === n) || (n === LOCAL_DIR && envs.some((e) => e.name === LOCAL_SOURCE_ENV));
        for (const stale of listDirs(chartsOut).filter((n) => !keep(n))) {
          rmSync(join(chartsOut, stale), { recursive: true, force: true });
        }
      }
      for (const env of envs) replaceDir(join(staging, CHARTS_OUT, env.name), join(chartsOut, env.name));
      // The local development stack (compose.yaml and its files) follows the environment it reproduces.
      if (existsSync(join(staging, CHARTS_OUT, LOCAL_DIR))) replaceDir(join(staging, CHARTS_OUT, LOCAL_DIR), join(chartsOut, LOCAL_DIR));
    }
    if (targets.includes('cdktf')) {
      commitTerraform(join(staging, CDKTF_OUT), join(options.root, CDKTF_OUT), envs, full);
    }
    options.onPhase?.('commit', performance.now() - committing);
    if (full) lastFullRun = { dir: resolve(options.configDir ?? ENVIRONMENTS_DIR), envs };
    return summaries;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** One line per environment: objects per kind, files written, time. */
export function formatSummary(summaries: readonly EnvironmentSummary[]): string {
  return summaries
    .map((s) => {
      const objects = Object.values(s.kinds).reduce((a, b) => a + b, 0);
      const kinds = Object.entries(s.kinds).map(([k, n]) => `${k}=${n}`).join(' ');
      return `${s.env}: ${objects} objects (${kinds || 'none'}), ${s.files.length} files, ${Math.round(s.millis)} ms`;
    })
    .join('\n');
}

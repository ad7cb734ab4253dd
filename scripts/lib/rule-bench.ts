/**
 * The measuring half of `npm run bench:rules`: starts one real Prometheus per rule set on 127.0.0.1, all at the same
 * time and against the same exporter, so machine load hits every set alike; samples `/api/v1/rules` until every
 * group has been evaluated `cycles` times after a warm-up; and reports, per set, the evaluation cost per cycle (the
 * median and mean per group, a group with a longer `interval` counted pro rata), the costliest groups and rules, and
 * what the set produced (samples, recording rules without output, rules in error, alerts), so a set that is cheap
 * because it errors or matches nothing shows as such.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { freePort } from './ports.js';

export const HOST = '127.0.0.1';

/** One rule set to measure. */
export interface BenchSet {
  readonly name: string;
  /** Rule groups in rule-file shape. */
  readonly groups: readonly unknown[];
}

export interface BenchOptions {
  /** Path of the Prometheus binary. */
  readonly prometheus: string;
  /** Port of the synthetic exporter on 127.0.0.1. */
  readonly exporterPort: number;
  /** Scrape jobs: job label, path on the exporter, and the `metrics_path` label when the job has several endpoints. */
  readonly jobs: readonly { readonly job: string; readonly path: string; readonly metricsPath?: string }[];
  /** Scrape and global evaluation interval of the benchmark, seconds (short, so that enough cycles fit in minutes). */
  readonly intervalSeconds: number;
  /**
   * The global evaluation interval the figures are expressed in, seconds (production's `metrics.evaluationInterval`,
   * 30 s, which is also kube-prometheus' default). A group without its own `interval` runs once per cycle; a group
   * with `interval: 1m` runs every other 30 s cycle and counts half. Measuring at the benchmark's short interval and
   * scaling by it instead would overstate what a long group interval saves.
   */
  readonly cycleSeconds: number;
  /** Evaluations before this many seconds after start are not counted (windows fill, first scrapes land). */
  readonly warmupSeconds: number;
  /** Counted evaluations per group (every group runs at the benchmark's interval). */
  readonly cycles: number;
  /** Scratch folder (rule files, configs, TSDBs). */
  readonly dir: string;
}

export interface RuleCost {
  readonly rule: string;
  /** Median evaluation seconds. */
  readonly seconds: number;
}

export interface GroupCost {
  readonly group: string;
  readonly intervalSeconds: number;
  /** The group's own `interval`, seconds. @default - the global one */
  readonly declaredIntervalSeconds?: number;
  readonly evaluations: number;
  readonly medianSeconds: number;
  readonly meanSeconds: number;
  /** Median seconds per production cycle (`cycleSeconds`): a group with `interval: 1m` counts half at 30 s. */
  readonly perCycleSeconds: number;
  /** Samples the group's rules returned at its last evaluation. */
  readonly samples: number;
  /** Costliest rules first. */
  readonly rules: readonly RuleCost[];
  /** Sum of the rules' medians (the rest of the group's time is appending samples and alert state). */
  readonly rulesSeconds: number;
}

export interface SetResult {
  readonly name: string;
  readonly groups: readonly GroupCost[];
  readonly rules: number;
  readonly recordingRules: number;
  /** Sum over groups of the median cost per global cycle. */
  readonly perCycleMedian: number;
  /** The same with means. */
  readonly perCycleMean: number;
  /** Sum of the groups' medians as if every group ran every cycle (what the group intervals save is the difference). */
  readonly perCycleEveryGroup: number;
  /** Samples returned per global cycle (pro rata like the cost). */
  readonly samplesPerCycle: number;
  /** Names recorded by the set that have no series at the end. */
  readonly emptyRecordings: readonly string[];
  /** Rules whose last evaluation failed, with Prometheus' error. */
  readonly errors: readonly { readonly rule: string; readonly error: string }[];
  /** Alert names firing or pending at the end, with their count. */
  readonly firing: readonly string[];
  readonly pending: readonly string[];
  /** Samples scraped per scrape round, all targets (the same for every set when the input is the same). */
  readonly scrapedSamples: number;
}

const rulesResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    groups: z.array(
      z.object({
        name: z.string(),
        interval: z.number(),
        lastEvaluation: z.string(),
        evaluationTime: z.number(),
        rules: z.array(
          z.object({
            name: z.string(),
            type: z.enum(['recording', 'alerting']),
            health: z.string(),
            lastError: z.string().optional(),
            evaluationTime: z.number(),
            alerts: z.array(z.object({ state: z.string(), labels: z.record(z.string(), z.string()) })).optional(),
          }),
        ),
      }),
    ),
  }),
});
type RulesData = z.infer<typeof rulesResponse>['data'];

const vectorResponse = z.object({
  status: z.literal('success'),
  data: z.object({ result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })) }),
});

/** `30s`, `1m`, `1h30m` → seconds. */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`bench: "${text}" is not a Prometheus duration (e.g. 30s, 1m)`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] ?? ''] ?? 0), 0);
}

/** Group name → its own `interval` in seconds, for the groups that declare one. */
function declaredIntervals(groups: readonly unknown[]): Map<string, number> {
  const shape = z.object({ name: z.string(), interval: z.string().optional() });
  const out = new Map<string, number>();
  for (const g of groups) {
    const parsed = shape.safeParse(g);
    if (parsed.success && parsed.data.interval) out.set(parsed.data.name, durationSeconds(parsed.data.interval));
  }
  return out;
}

function withoutInterval(group: unknown): unknown {
  if (typeof group !== 'object' || group === null) return group;
  return Object.fromEntries(Object.entries(group).filter(([k]) => k !== 'interval'));
}

/** How often a group runs per production cycle. */
const weight = (g: GroupCost, o: BenchOptions) => (g.declaredIntervalSeconds === undefined ? 1 : Math.min(1, o.cycleSeconds / g.declaredIntervalSeconds));


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`bench: ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function query(base: string, promql: string): Promise<z.infer<typeof vectorResponse>['data']['result']> {
  return vectorResponse.parse(await getJson(`${base}/api/v1/query?${new URLSearchParams({ query: promql }).toString()}`)).data.result;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

interface Instance {
  readonly set: BenchSet;
  readonly base: string;
  readonly process: ChildProcess;
  readonly stderr: string[];
  /** Per group: evaluation timestamp → group seconds and seconds per rule (by position). */
  readonly samples: Map<string, Map<string, { readonly group: number; readonly rules: readonly number[] }>>;
  last?: RulesData;
}

async function start(set: BenchSet, o: BenchOptions): Promise<Instance> {
  const port = await freePort(HOST);
  const rules = join(o.dir, `${set.name}.rules.yaml`);
  // Every group runs at the benchmark's interval, its own `interval` dropped, so that each gets as many measured
  // evaluations as the others; the cost of one evaluation does not depend on how often it runs, and the report
  // weighs it by the declared interval (a 3m group counts a sixth of a 30 s cycle).
  writeFileSync(rules, stringify({ groups: set.groups.map(withoutInterval) }, { lineWidth: 0 }));
  const config = join(o.dir, `${set.name}.prometheus.yaml`);
  const interval = `${o.intervalSeconds}s`;
  writeFileSync(
    config,
    stringify({
      global: { evaluation_interval: interval, scrape_interval: interval },
      rule_files: [rules],
      scrape_configs: o.jobs.map((j) => ({
        job_name: `${j.job}${j.metricsPath ?? ''}`,
        metrics_path: j.path,
        // the exposition carries each node's own instance label (node-exporter, kubelet): keep it, as a real
        // cluster has one target per node; without this all six nodes would collapse onto the exporter's address
        honor_labels: true,
        static_configs: [{ targets: [`${HOST}:${o.exporterPort}`], labels: j.metricsPath ? { metrics_path: j.metricsPath } : {} }],
        relabel_configs: [{ target_label: 'job', replacement: j.job }],
      })),
    }),
  );
  const stderr: string[] = [];
  const child = spawn(o.prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${join(o.dir, `${set.name}-data`)}`, `--web.listen-address=${HOST}:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString());
    if (stderr.length > 200) stderr.shift();
  });
  return { set, base: `http://${HOST}:${port}`, process: child, stderr, samples: new Map() };
}

async function waitReady(i: Instance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (i.process.exitCode !== null) throw new Error(`bench: prometheus for "${i.set.name}" exited (${i.process.exitCode}):\n${i.stderr.join('').slice(-2000)}`);
    const ok = await fetch(`${i.base}/-/ready`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`bench: prometheus for "${i.set.name}" not ready after ${timeoutMs / 1000} s:\n${i.stderr.join('').slice(-2000)}`);
    await sleep(250);
  }
}

/** Records every evaluation not seen yet (keyed by the group's last evaluation time) once past the warm-up. */
async function sample(i: Instance, countFrom: number): Promise<void> {
  const data = rulesResponse.parse(await getJson(`${i.base}/api/v1/rules`)).data;
  i.last = data;
  for (const g of data.groups) {
    const at = Date.parse(g.lastEvaluation);
    if (!Number.isFinite(at) || at < countFrom) continue;
    const seen = i.samples.get(g.name) ?? new Map<string, { group: number; rules: number[] }>();
    i.samples.set(g.name, seen);
    if (!seen.has(g.lastEvaluation)) seen.set(g.lastEvaluation, { group: g.evaluationTime, rules: g.rules.map((r) => r.evaluationTime) });
  }
}

function enough(i: Instance, o: BenchOptions): boolean {
  const groups = i.last?.groups ?? [];
  if (groups.length === 0) return false;
  return groups.every((g) => {
    const n = i.samples.get(g.name)?.size ?? 0;
    return n >= o.cycles;
  });
}

async function summarise(i: Instance, o: BenchOptions): Promise<SetResult> {
  const data = i.last;
  if (!data) throw new Error(`bench: no rule groups seen for "${i.set.name}"`);
  const metrics = await (await fetch(`${i.base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const lastSamples = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    const m = /^prometheus_rule_group_last_evaluation_samples\{[^}]*rule_group="[^"]*;([^"]+)"[^}]*\} (\S+)$/.exec(line);
    if (m?.[1] && m[2]) lastSamples.set(m[1], Number(m[2]));
  }
  const declared = declaredIntervals(i.set.groups);
  const groups: GroupCost[] = data.groups.map((g) => {
    const evals = [...(i.samples.get(g.name)?.values() ?? [])];
    const secs = evals.map((e) => e.group);
    const own = declared.get(g.name);
    const scale = own === undefined ? 1 : Math.min(1, o.cycleSeconds / own);
    const ruleCosts = g.rules.map((r, k) => ({ rule: r.name, seconds: median(evals.map((e) => e.rules[k] ?? 0)) }));
    return {
      group: g.name,
      intervalSeconds: g.interval,
      ...(own === undefined ? {} : { declaredIntervalSeconds: own }),
      evaluations: evals.length,
      medianSeconds: median(secs),
      meanSeconds: mean(secs),
      perCycleSeconds: median(secs) * scale,
      samples: lastSamples.get(g.name) ?? 0,
      rules: [...ruleCosts].sort((a, b) => b.seconds - a.seconds),
      rulesSeconds: ruleCosts.reduce((sum, r) => sum + r.seconds, 0),
    };
  });
  const rules = data.groups.flatMap((g) => g.rules);
  const recorded = [...new Set(rules.filter((r) => r.type === 'recording').map((r) => r.name))];
  const present = new Set<string>();
  if (recorded.length > 0) {
    for (const r of await query(i.base, `count by (__name__) ({__name__=~"${recorded.join('|')}"})`)) if (r.metric['__name__']) present.add(r.metric['__name__']);
  }
  const alerts = rules.flatMap((r) => r.alerts ?? []);
  const names = (state: string) => {
    const counts = new Map<string, number>();
    for (const a of alerts.filter((x) => x.state === state)) counts.set(a.labels['alertname'] ?? '?', (counts.get(a.labels['alertname'] ?? '?') ?? 0) + 1);
    return [...counts].map(([n, c]) => (c > 1 ? `${n}×${c}` : n)).sort();
  };
  const scraped = await query(i.base, 'sum(scrape_samples_scraped)');
  return {
    name: i.set.name,
    groups: groups.sort((a, b) => b.perCycleSeconds - a.perCycleSeconds),
    rules: rules.length,
    recordingRules: rules.filter((r) => r.type === 'recording').length,
    perCycleMedian: groups.reduce((s, g) => s + g.perCycleSeconds, 0),
    perCycleMean: groups.reduce((s, g) => s + g.meanSeconds * weight(g, o), 0),
    perCycleEveryGroup: groups.reduce((s, g) => s + g.medianSeconds, 0),
    samplesPerCycle: groups.reduce((s, g) => s + g.samples * weight(g, o), 0),
    emptyRecordings: recorded.filter((n) => !present.has(n)),
    errors: data.groups.flatMap((g) => g.rules.filter((r) => r.health === 'err').map((r) => ({ rule: `${g.name}/${r.name}`, error: r.lastError ?? '' }))),
    firing: names('firing'),
    pending: names('pending'),
    scrapedSamples: Number(scraped[0]?.value[1] ?? 0),
  };
}

async function stop(processes: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            p.kill('SIGKILL');
            resolve();
          }, 5_000);
          p.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          p.kill('SIGTERM');
        }),
    ),
  );
}

/** Measures every set at once; every Prometheus is stopped before this returns or throws. */
export async function benchRuleSets(sets: readonly BenchSet[], o: BenchOptions): Promise<SetResult[]> {
  const instances: Instance[] = [];
  try {
    for (const set of sets) instances.push(await start(set, o));
    await Promise.all(instances.map((i) => waitReady(i, 60_000)));
    const countFrom = Date.now() + o.warmupSeconds * 1000;
    const deadline = countFrom + (o.cycles * o.intervalSeconds * 3 + 60) * 1000;
    while (!instances.every((i) => enough(i, o))) {
      if (Date.now() > deadline) throw new Error(`bench: not every group reached ${o.cycles} evaluations in time; is the machine overloaded?`);
      await sleep(1_000);
      await Promise.all(instances.map((i) => sample(i, countFrom)));
    }
    return await Promise.all(instances.map((i) => summarise(i, o)));
  } finally {
    await stop(instances.map((i) => i.process));
  }
}

const count = (names: readonly string[]) => names.reduce((n, x) => n + Number(/×(\d+)$/.exec(x)?.[1] ?? 1), 0);
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

/** The report: a side-by-side table, then each set's costliest groups with their costliest rules. */
export function formatReport(results: readonly SetResult[], o: BenchOptions, topGroups = 5, topRules = 3): string {
  const col = (label: string, f: (r: SetResult) => string) => `  ${label.padEnd(34)}${results.map((r) => f(r).padEnd(24)).join('')}`;
  const lines = [
    `rule evaluation, all sets at once on ${HOST} against the same exporter; scrape and evaluation every ${o.intervalSeconds}s; ` +
      `${o.cycles} counted cycles after ${o.warmupSeconds}s warm-up.`,
    `per cycle = one production evaluation cycle of ${o.cycleSeconds}s: every group is measured at ${o.intervalSeconds}s, and one with its own longer interval counts pro rata.`,
    col('', (r) => r.name),
    col('groups / rules (recording)', (r) => `${r.groups.length} / ${r.rules} (${r.recordingRules})`),
    col('evaluation per cycle, median', (r) => ms(r.perCycleMedian)),
    col('evaluation per cycle, mean', (r) => ms(r.perCycleMean)),
    col('  median, every group every cycle', (r) => ms(r.perCycleEveryGroup)),
    col('samples returned per cycle', (r) => r.samplesPerCycle.toFixed(0)),
    col('samples scraped per round', (r) => String(r.scrapedSamples)),
    col('recording rules without output', (r) => String(r.emptyRecordings.length)),
    col('rules in error', (r) => String(r.errors.length)),
    col('alerts firing / pending', (r) => `${count(r.firing)} / ${count(r.pending)}`),
  ];
  const [first, ...rest] = results;
  if (first) for (const r of rest) lines.push(`  ratio ${first.name}/${r.name} (median): ${(first.perCycleMedian / r.perCycleMedian).toFixed(2)}`);
  for (const r of results) {
    lines.push('', `${r.name}: costliest groups (median per evaluation, of it in the rules' queries, own interval, share of the cycle; costliest rules)`);
    for (const g of r.groups.slice(0, topGroups)) {
      const share = r.perCycleMedian > 0 ? (100 * g.perCycleSeconds) / r.perCycleMedian : 0;
      const top = g.rules.slice(0, topRules).map((x) => `${x.rule} ${ms(x.seconds)}`).join(', ');
      lines.push(`  ${g.group.padEnd(40)} ${ms(g.medianSeconds).padStart(9)} ${ms(g.rulesSeconds).padStart(9)}  ${(g.declaredIntervalSeconds === undefined ? '-' : `${g.declaredIntervalSeconds}s`).padStart(4)}  ${share.toFixed(0).padStart(3)}%  ${top}`);
    }
    if (r.firing.length + r.pending.length > 0) lines.push(`  alerts on this cluster: firing ${r.firing.join(', ') || '-'}; pending ${r.pending.join(', ') || '-'}`);
    if (r.emptyRecordings.length > 0) lines.push(`  recorded but empty on this cluster: ${r.emptyRecordings.join(', ')}`);
    for (const e of r.errors) lines.push(`  ERROR ${e.rule}: ${e.error}`);
  }
  return `${lines.join('\n')}\n`;
}

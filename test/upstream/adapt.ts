/**
 * The ONE place where upstream's promtool unit tests (kubernetes-mixin `tests/*.yaml`, copied into `.upstream/` by
 * `npm run upstream`) are adapted to this repository. Everything else about them is kept as upstream wrote it: the
 * input series, their values, the evaluation times, which alerts must fire and with which labels.
 *
 * Adaptations, all mechanical:
 * 1. Job labels. Upstream's tests use the mixin's default job names; each is replaced by this stack's selector for
 *    the same exporter (the scrape-job contract, `JOB_SELECTORS`), in input series, in expected alert labels and in
 *    expected sample labels. Where our selector has more than one matcher (cAdvisor is `job="kubelet",
 *    metrics_path="/metrics/cadvisor"`), every matcher becomes a label of the series.
 * 2. Rule files. `rule_files` point at our synthesized rule files instead of the mixin's rendered ones.
 * 3. The rule's own static labels and annotation texts. An alert's `severity`, `team` and annotations are written by
 *    the rule, not derived from the series; upstream's tests compare them with upstream's texts. The adapted test
 *    removes upstream's `severity` from the expected labels, adds the static labels of OUR rule of that name, and
 *    expects OUR annotations expanded with the labels upstream expects the expression to yield. Every label the
 *    expression yields is still compared exactly.
 * 4. Scope. Only alerts we ship under the same name are tested, and only `promql_expr_test`s whose expressions use
 *    nothing but recording rules we record under the same name. The rest is reported as not shared.
 */
import { expandTemplate } from '../../cdk8s/alerting/alerts/types.js';

/** One alerting rule we ship: its static labels and its annotation templates. */
export interface ShippedAlert {
  readonly alert: string;
  readonly staticLabels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Our annotations expanded with the labels the expression yields (as Prometheus does). */
function expandedAnnotations(ours: ShippedAlert, labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(ours.annotations).map(([k, v]) => [k, expandTemplate(v, labels, ours.alert)]));
}

/**
 * Our rule an upstream expectation is about: the one of the same name and severity (upstream ships some alerts at
 * two severities, e.g. KubePersistentVolumeFillingUp warning and critical). A different severity is a difference.
 */
function pick(candidates: readonly ShippedAlert[], severity: string | undefined): ShippedAlert | undefined {
  return candidates.find((c) => c.staticLabels.severity === severity);
}

/** Upstream's job label value → this stack's label matchers for the same scrape job. */
export type JobMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** An upstream test file as promtool reads it (the parts we touch). */
export interface PromtoolFile {
  rule_files?: string[];
  evaluation_interval?: string;
  group_eval_order?: string[];
  tests: PromtoolTestGroup[];
}

export interface PromtoolTestGroup {
  name?: string;
  interval?: string;
  input_series?: { series: string; values: string }[];
  alert_rule_test?: { eval_time: string; alertname: string; exp_alerts?: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples?: { labels: string; value: number | string }[] }[];
  external_labels?: Record<string, string>;
}

/** What was left out of an adapted file, and why. */
export interface Skipped {
  readonly file: string;
  readonly test: string;
  readonly what: string;
  readonly reason: string;
  /** `not-shared`: we ship nothing of that name; `differs`: we do, but the test cannot apply as written. */
  readonly kind: 'not-shared' | 'differs';
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=)\s*"((?:[^"\\]|\\.)*)"/g;

/** `metric{a="b", …}` → name and labels (promtool's series notation, equality matchers only). */
export function parseSeries(text: string): { name: string; labels: Record<string, string> } {
  const brace = text.indexOf('{');
  const name = (brace === -1 ? text : text.slice(0, brace)).trim();
  const labels: Record<string, string> = {};
  if (brace !== -1) for (const m of text.slice(brace + 1, text.lastIndexOf('}')).matchAll(LABEL)) labels[m[1] as string] = m[3] as string;
  return { name, labels };
}

export function formatSeries(name: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${name}{${body}}`;
}

/** Adaptation 1: a label set with upstream's job replaced by our matchers for that job. */
export function adaptLabels(labels: Readonly<Record<string, string>>, jobs: JobMap): Record<string, string> {
  const job = labels.job;
  const ours = job === undefined ? undefined : jobs[job];
  if (!ours) return { ...labels };
  const { job: _upstream, ...rest } = labels;
  return { ...rest, ...ours };
}

function adaptSeriesText(text: string, jobs: JobMap): string {
  const { name, labels } = parseSeries(text);
  return formatSeries(name, adaptLabels(labels, jobs));
}

/** Recording-rule names (`level:metric:operations`) an expression uses. */
export function recordedNames(expr: string): string[] {
  return [...new Set(expr.match(/\b[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]+\b/g) ?? [])];
}

export interface AdaptInput {
  readonly file: string;
  readonly upstream: PromtoolFile;
  /** The rule file that holds an alert or recording rule of a name (each of our rule files is self-contained). */
  readonly ruleFileOf: (name: string) => string | undefined;
  readonly alerts: ReadonlyMap<string, readonly ShippedAlert[]>;
  readonly recorded: ReadonlySet<string>;
  readonly jobs: JobMap;
}

export interface Adapted {
  /** The test files to run, one per rule file they load (empty when nothing in it is shared). */
  readonly files: ReadonlyMap<string, PromtoolFile>;
  /** Names of the test groups kept: `<file>#<index> <alertname or expr>`. */
  readonly kept: string[];
  readonly skipped: Skipped[];
}

/**
 * Adapts one upstream file. Every kept assertion gets its own test group (same input series), named
 * `<file>#<index> <alertname>@<eval_time>` or `<file>#<index> expr <expr>@<eval_time>`, so a failure names it.
 */
export function adaptFile(input: AdaptInput): Adapted {
  const kept: string[] = [];
  const skipped: Skipped[] = [];
  const byRuleFile = new Map<string, PromtoolTestGroup[]>();
  const add = (ruleFiles: string[], group: PromtoolTestGroup) => {
    const key = [...new Set(ruleFiles)].sort().join('\n');
    byRuleFile.set(key, [...(byRuleFile.get(key) ?? []), group]);
  };
  input.upstream.tests.forEach((group, index) => {
    const test = `${input.file}#${index}${group.name ? ` (${group.name})` : ''}`;
    const series = (group.input_series ?? []).map((s) => ({ series: adaptSeriesText(s.series, input.jobs), values: s.values }));
    const base = { interval: group.interval ?? '1m', input_series: series, ...(group.external_labels ? { external_labels: group.external_labels } : {}) };
    for (const t of group.alert_rule_test ?? []) {
      const candidates = input.alerts.get(t.alertname);
      if (!candidates) {
        skipped.push({ file: input.file, test, what: `alert ${t.alertname}`, reason: 'not shipped under this name', kind: 'not-shared' });
        continue;
      }
      const name = `${input.file}#${index} ${t.alertname}@${t.eval_time}`;
      let unusable: string | undefined;
      const expAlerts = (t.exp_alerts ?? []).map((a) => {
        // Adaptation 3: upstream's static severity out, our static labels and annotation texts in.
        const { severity, ...fromExpression } = adaptLabels(a.exp_labels ?? {}, input.jobs);
        const ours = pick(candidates, severity);
        if (!ours) {
          unusable = `we ship ${t.alertname} at ${candidates.map((c) => c.staticLabels.severity).join(', ')}, not at ${severity}`;
          return { exp_labels: fromExpression };
        }
        try {
          return { exp_labels: { ...fromExpression, ...ours.staticLabels }, exp_annotations: expandedAnnotations(ours, fromExpression) };
        } catch (e) {
          unusable = (e as Error).message;
          return { exp_labels: fromExpression };
        }
      });
      if (unusable !== undefined) {
        skipped.push({ file: input.file, test, what: `alert ${t.alertname}@${t.eval_time}`, reason: unusable, kind: 'differs' });
        continue;
      }
      add([input.ruleFileOf(t.alertname) ?? ''], { name, ...base, alert_rule_test: [{ eval_time: t.eval_time, alertname: t.alertname, exp_alerts: expAlerts }] });
      kept.push(name);
    }
    for (const t of group.promql_expr_test ?? []) {
      const missing = recordedNames(t.expr).filter((n) => !input.recorded.has(n));
      if (missing.length > 0) {
        skipped.push({ file: input.file, test, what: `expr ${t.expr}`, reason: `recording rule(s) not shipped: ${missing.join(', ')}`, kind: 'not-shared' });
        continue;
      }
      const name = `${input.file}#${index} expr ${t.expr}@${t.eval_time}`;
      const samples = (t.exp_samples ?? []).map((s) => ({ labels: adaptSeriesText(s.labels, input.jobs), value: s.value }));
      add(recordedNames(t.expr).map((n) => input.ruleFileOf(n) ?? ''), { name, ...base, promql_expr_test: [{ expr: t.expr, eval_time: t.eval_time, exp_samples: samples }] });
      kept.push(name);
    }
  });
  const files = new Map<string, PromtoolFile>();
  for (const [key, tests] of byRuleFile) {
    files.set(key, { rule_files: key.split('\n'), evaluation_interval: input.upstream.evaluation_interval ?? '1m', tests });
  }
  return { files, kept, skipped };
}

/** Names of the test groups promtool reports as failed (the `name: <group>,` lines after a FAILED line). */
export function failedGroups(output: string): string[] {
  const names: string[] = [];
  let inFailure = false;
  for (const line of output.split('\n')) {
    if (/^\s*FAILED:?\s*$/.test(line)) inFailure = true;
    else if (/^\s*SUCCESS\s*$/.test(line) || /^Unit Testing:/.test(line)) inFailure = false;
    const m = inFailure ? /^\s{4}name:\s*(.+?),\s*$/.exec(line) : null;
    if (m) names.push(m[1] as string);
  }
  return [...new Set(names)];
}

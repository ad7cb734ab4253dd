/** Builds `promtool test rules` input from the typed alert definitions: one fire and one silent case per alert, plus its scenarios. */
import { stringify } from 'yaml';
import { type AlertCase, type AlertDefinition, alertAnnotations, alertLabels, expandTemplate } from '../../cdk8s/alerting/alerts/types.js';

interface PromtoolTest {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
  }[];
}

function firing(def: AlertDefinition, c: AlertCase, runbookBaseUrl: string): PromtoolTest['alert_rule_test'][number]['exp_alerts'][number] {
  const labels = { ...(c.labels ?? {}), ...alertLabels(def) };
  const annotations = alertAnnotations(def, runbookBaseUrl);
  return {
    exp_labels: labels,
    // Prometheus expands $labels with the labels of the expression's result, before the rule's static labels.
    exp_annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, expandTemplate(v, c.labels ?? {}, def.alert)])),
  };
}

/** The test cases of one alert: it fires (with the expected labels and annotations), and it stays silent. */
export function promtoolTests(def: AlertDefinition, runbookBaseUrl: string, tag: string, siblings: readonly AlertDefinition[] = []): PromtoolTest[] {
  const expected = (c: AlertCase) => [
    firing(def, c, runbookBaseUrl),
    ...(c.alsoFires ?? []).map((sev) => {
      const sibling = siblings.find((s) => s.alert === def.alert && s.severity === sev);
      if (!sibling) throw new Error(`alert ${def.alert}: a case says the ${sev} one fires too, but the rule set has none`);
      return firing(sibling, c, runbookBaseUrl);
    }),
  ];
  const tests: PromtoolTest[] = [
    {
      name: `${def.alert} (${tag}) fires`,
      interval: '1m',
      input_series: def.fires.series.map((s) => ({ ...s })),
      alert_rule_test: [{ eval_time: def.fires.at, alertname: def.alert, exp_alerts: expected(def.fires) }],
    },
  ];
  if (def.silent !== 'always-fires') {
    tests.push({
      name: `${def.alert} (${tag}) stays silent`,
      interval: '1m',
      input_series: def.silent.series.map((s) => ({ ...s })),
      alert_rule_test: [{ eval_time: def.silent.at, alertname: def.alert, exp_alerts: [] }],
    });
  }
  for (const sc of def.scenarios ?? []) {
    tests.push({
      name: `${def.alert} (${tag}) ${sc.fires ? 'fires' : 'stays silent'}: ${sc.name}`,
      interval: '1m',
      input_series: sc.series.map((s) => ({ ...s })),
      alert_rule_test: [{ eval_time: sc.at, alertname: def.alert, exp_alerts: sc.fires ? expected(sc) : [] }],
    });
  }
  return tests;
}

/** A complete promtool unit-test file. */
export function promtoolTestFile(ruleFiles: readonly string[], tests: readonly PromtoolTest[]): string {
  return stringify({ rule_files: [...ruleFiles], evaluation_interval: '1m', tests }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A rule group as promtool reads it: the rules' own fields plus the group's (name, interval, ...). */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly { readonly alert?: string; readonly record?: string; readonly expr: string }[];
}

const NAME_TOKEN = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;

/**
 * The rules that decide whether `alert` fires, in their shipped groups, order and text: every rule named `alert`
 * (its severities) and, transitively, every recording rule their expressions read. promtool evaluates every rule
 * of a unit test's rule files at every step up to `eval_time`, so a unit test that loads only these runs the same
 * alert on the same recorded series for a fraction of the CPU. An expression that reads `ALERTS` or
 * `ALERTS_FOR_STATE` depends on other alerts' state and gets the whole rule file.
 */
export function rulesDecidingAlert<G extends RuleGroup>(groups: readonly G[], alert: string): G[] {
  const all = groups.flatMap((g) => g.rules);
  const keep = new Set(all.filter((r) => r.alert === alert));
  if (keep.size === 0) throw new Error(`no shipped rule alerts as ${alert}`);
  const recorded = new Map<string, (typeof all)[number][]>();
  for (const r of all) if (r.record) recorded.set(r.record, [...(recorded.get(r.record) ?? []), r]);
  const pending = [...keep];
  for (let rule = pending.pop(); rule; rule = pending.pop()) {
    for (const name of rule.expr.match(NAME_TOKEN) ?? []) {
      if (name === 'ALERTS' || name === 'ALERTS_FOR_STATE') return [...groups];
      for (const dep of recorded.get(name) ?? []) {
        if (keep.has(dep)) continue;
        keep.add(dep);
        pending.push(dep);
      }
    }
  }
  return groups.flatMap((g) => {
    const rules = g.rules.filter((r) => keep.has(r));
    return rules.length === 0 ? [] : [{ ...g, rules }];
  });
}

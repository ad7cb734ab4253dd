/**
 * The typed alert library: every alert is a value with its expression, labels, annotations, runbook text and the
 * unit-test cases that prove it fires and stays silent. PrometheusRule objects, runbooks and `promtool test rules`
 * inputs are all generated from these values, so they cannot drift apart.
 */
import type { AlertThresholds } from '../../../config/sections/alerting.js';
import type { ScrapeSelectors } from '../../../contracts/scrape-jobs.js';
import { PLATFORM_TEAM } from '../../../config/platform.js';
import { componentOf } from './components.js';
import type { RuleFileGroup, Severity } from '../../lib/prometheus-rules.js';

export type { RuleFileGroup, RuleFileRule, Severity } from '../../lib/prometheus-rules.js';

/** The team of the stack's own alerts (config/platform.ts, where the config rules refuse it for catalog services). */
export { PLATFORM_TEAM };

/** `team` value of an alert whose team label comes from its expression rather than from a static label. */
export const TEAM_FROM_EXPRESSION = 'from-expression';

/** One input series of a `promtool test rules` case, in promtool's expanding notation (`0+1x30`). */
export interface TestSeries {
  readonly series: string;
  readonly values: string;
}

/** A unit-test case of one alert: input series, when to evaluate, and (when it fires) the labels it yields. */
export interface AlertCase {
  readonly series: readonly TestSeries[];
  /** Evaluation time from the start of the series, e.g. `20m`. Samples are one minute apart. */
  readonly at: string;
  /** Labels the expression yields for the one alert that fires (besides severity/team and the rule's labels). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Severities of the same alert name that fire in this case too, with the same labels (upstream's pairs: a
   * certificate under a day left is also under 7 days; Alertmanager inhibition mutes the warning). @default - none
   */
  readonly alsoFires?: readonly Severity[];
}

/**
 * A further unit-test case reproducing a real-world situation (a crash loop at the back-off cap, an evicted pod, a
 * surge rollout): the alert fires (exactly one alert with `labels`) or stays silent.
 */
export interface AlertScenario extends AlertCase {
  /** What the case reproduces, as a sentence fragment: "crash loop at the kubelet's 5-minute back-off cap". */
  readonly name: string;
  readonly fires: boolean;
}

/** What an alert means, how to check it and how to mitigate it; rendered to docs/runbooks/<alert>.md. */
export interface Runbook {
  readonly meaning: string;
  readonly check: readonly string[];
  readonly mitigate: readonly string[];
}

export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  /** @default - fires on the first evaluation where the expression has a result */
  readonly for?: string;
  readonly severity: Severity;
  /**
   * The `team` label; `'from-expression'` keeps the team of the series the expression yields (escalation).
   * @default 'platform'
   */
  readonly team?: string;
  /** Extra static labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** One line; may use `{{ $labels.<name> }}`. */
  readonly summary: string;
  /** A few sentences; may use `{{ $labels.<name> }}`. */
  readonly description: string;
  readonly runbook: Runbook;
  /** A case in which the alert fires (exactly one alert). */
  readonly fires: AlertCase;
  /**
   * A case in which it stays silent; `'always-fires'` only for the Watchdog heartbeat, whose purpose is to never be
   * silent (the tests allow it for no other alert).
   */
  readonly silent: AlertCase | 'always-fires';
  /**
   * A ticket-tier warning (slow SLO burn, a maxed-out HPA, a quota): worth a look in working hours, never a page, so
   * it may not be listed in `alerting.escalation.alerts`. @default false
   */
  readonly ticket?: boolean;
  /** More cases, each reproducing a real situation. @default - none */
  readonly scenarios?: readonly AlertScenario[];
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One rule group; becomes one group of a PrometheusRule. */
export interface RuleGroup {
  readonly name: string;
  /** @default - Prometheus' global evaluation interval */
  readonly interval?: string;
  readonly recordingRules?: readonly RecordingRule[];
  readonly alerts?: readonly AlertDefinition[];
}

/** Values the rule library is built from (config/sections/alerting.ts). */
export interface AlertContext {
  readonly thresholds: AlertThresholds;
  /** Selectors of the scrape jobs (contracts/scrape-jobs.ts). */
  readonly selectors: ScrapeSelectors;
  /** How long a listed warning fires before it escalates to a page. */
  readonly escalateWarningAfter: string;
  /** Warnings that may escalate (config `alerting.escalation.alerts`). */
  readonly escalate: readonly string[];
}

/** `<base>/docs/runbooks/<alert>.md`. */
export function runbookUrl(runbookBaseUrl: string, alert: string): string {
  return `${runbookBaseUrl}/docs/runbooks/${alert}.md`;
}

/** The labels an alert carries (severity, team, component, extras), as shipped. */
export function alertLabels(def: AlertDefinition): Record<string, string> {
  const team = def.team ?? PLATFORM_TEAM;
  return { component: componentOf(def.alert), ...(def.labels ?? {}), severity: def.severity, ...(team === TEAM_FROM_EXPRESSION ? {} : { team }) };
}

/** The annotations an alert carries, as shipped. */
export function alertAnnotations(def: AlertDefinition, runbookBaseUrl: string): Record<string, string> {
  return { summary: def.summary, description: def.description, runbook_url: runbookUrl(runbookBaseUrl, def.alert) };
}

/** A group in rule-file shape: recording rules first, then alerts. */
export function toRuleFileGroup(group: RuleGroup, runbookBaseUrl: string): RuleFileGroup {
  return {
    name: group.name,
    ...(group.interval ? { interval: group.interval } : {}),
    rules: [
      ...(group.recordingRules ?? []).map((r) => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) })),
      ...(group.alerts ?? []).map((a) => ({
        alert: a.alert,
        expr: a.expr,
        ...(a.for ? { for: a.for } : {}),
        labels: alertLabels(a),
        annotations: alertAnnotations(a, runbookBaseUrl),
      })),
    ],
  };
}

/** Expands `{{ $labels.x }}` the way Prometheus does, for the expected annotations of unit tests. */
export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, alert: string): string {
  return text.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_m, name: string) => {
    const value = labels[name];
    if (value === undefined) throw new Error(`alert ${alert} uses label "${name}" in an annotation but its test case does not yield it`);
    return value;
  });
}

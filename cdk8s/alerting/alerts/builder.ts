/**
 * A compact way to write the many alerts whose cases are "one or two gauges/counters with these values": the input
 * series are given as `[metric with labels, values]` pairs, the runbook as three short fields. The result is an
 * ordinary AlertDefinition (same checks, same promtool cases).
 */
import type { AlertCase, AlertDefinition, Runbook, TestSeries } from './types.js';

export type Series = readonly [series: string, values: string];

export interface SimpleAlert {
  readonly alert: string;
  readonly expr: string;
  /** @default - fires at once */
  readonly for?: string;
  readonly severity: AlertDefinition['severity'];
  readonly summary: string;
  readonly description: string;
  readonly runbook: Runbook;
  /** @default false */
  readonly ticket?: boolean;
  /** Evaluation time of both cases. */
  readonly at: string;
  readonly fires: readonly Series[];
  /** Labels the expression yields in the firing case. */
  readonly labels: Readonly<Record<string, string>>;
  /** Severities of the same alert name that fire in the firing case too. @default - none */
  readonly alsoFires?: AlertCase['alsoFires'];
  readonly silent: readonly Series[];
}

const toSeries = (s: readonly Series[]): TestSeries[] => s.map(([series, values]) => ({ series, values }));

export function simpleAlert(a: SimpleAlert): AlertDefinition {
  return {
    alert: a.alert,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    severity: a.severity,
    ...(a.ticket ? { ticket: true } : {}),
    summary: a.summary,
    description: a.description,
    runbook: a.runbook,
    fires: { series: toSeries(a.fires), at: a.at, labels: a.labels, ...(a.alsoFires ? { alsoFires: a.alsoFires } : {}) },
    silent: { series: toSeries(a.silent), at: a.at },
  };
}

/** `{a="b", …}` of a label object, for building series. */
export function labelsOf(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

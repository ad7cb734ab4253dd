import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com.js';
import { PROMETHEUS_SELECTOR } from './monitoring.js';

/**
 * The one rule pipeline: every alerting and recording rule of the stack (the alert library, the SLOs, the
 * dashboards' recording rules) reaches Prometheus as these groups through {@link PrometheusRules}.
 */
export type Severity = 'critical' | 'warning' | 'info';

/** A rule in Prometheus' rule-file shape (what PrometheusRule `spec.groups[].rules[]` also holds). */
export interface RuleFileRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RuleFileGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: RuleFileRule[];
}

export interface PrometheusRulesProps {
  /** Name of the PrometheusRule object. */
  readonly name: string;
  readonly namespace: string;
  /** Rule groups in rule-file shape (see cdk8s/alerting/alerts). */
  readonly groups: readonly RuleFileGroup[];
  /**
   * Extra labels of the object.
   * @default - none besides PROMETHEUS_SELECTOR
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One PrometheusRule that the stack's Prometheus loads (it carries PROMETHEUS_SELECTOR). */
export class PrometheusRules extends Construct {
  readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: PrometheusRulesProps) {
    super(scope, id);
    if (props.groups.length === 0) throw new Error(`prometheus rules "${props.name}" has no groups; give at least one`);
    const seen = new Set<string>();
    for (const g of props.groups) {
      if (g.rules.length === 0) throw new Error(`rule group "${g.name}" of "${props.name}" has no rules; remove it or add rules`);
      if (seen.has(g.name)) throw new Error(`rule group "${g.name}" appears twice in "${props.name}"; group names must be unique`);
      seen.add(g.name);
    }
    this.rule = new PrometheusRule(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...(props.labels ?? {}), ...PROMETHEUS_SELECTOR } },
      spec: {
        groups: props.groups.map((g) => ({
          name: g.name,
          ...(g.interval ? { interval: g.interval } : {}),
          rules: g.rules.map((r) => ({
            ...(r.alert ? { alert: r.alert } : {}),
            ...(r.record ? { record: r.record } : {}),
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
            ...(r.for ? { for: r.for } : {}),
            ...(r.labels ? { labels: { ...r.labels } } : {}),
            ...(r.annotations ? { annotations: { ...r.annotations } } : {}),
          })),
        })),
      },
    });
  }
}

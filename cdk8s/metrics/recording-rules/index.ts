/**
 * Recording rules the dashboards need, one PrometheusRule per concern, each carrying PROMETHEUS_SELECTOR.
 * Heavy aggregations (over every container or every catalog request series) are computed once here, so panels stay
 * cheap however many people look at them.
 */
import { Construct } from 'constructs';
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { PrometheusRules } from '../../lib/prometheus-rules.js';
import { RECORDED } from './names.js';

export { RECORDED } from './names.js';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface RecordingGroup {
  /** Name of the PrometheusRule object and of its single group. */
  readonly name: string;
  readonly rules: readonly RecordingRule[];
}

/** Every recording group, with the selectors from config. */
export function recordingGroups(q: QuerySelectors): RecordingGroup[] {
  // Real containers only: cAdvisor also reports the pod sandbox and cgroup roll-ups with an empty container label.
  const containers = `{${q.cadvisor}, container!=""}`;
  // Catalog services carry a `team` label (added by their ServiceMonitor); nothing else does.
  const catalog = '{team!=""}';
  return [
    {
      name: 'platform-workload-recording',
      rules: [
        { record: RECORDED.podCpu, expr: `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total${containers}[5m]))` },
        { record: RECORDED.podMemory, expr: `sum by (namespace, pod) (container_memory_working_set_bytes${containers})` },
        { record: RECORDED.namespaceCpu, expr: `sum by (namespace) (${RECORDED.podCpu})` },
        { record: RECORDED.namespaceMemory, expr: `sum by (namespace) (${RECORDED.podMemory})` },
      ],
    },
    {
      name: 'platform-service-recording',
      rules: [
        {
          record: RECORDED.serviceRequests,
          expr: `sum by (namespace, service, team, code) (rate(${q.serviceRequests}${catalog}[5m]))`,
        },
        {
          record: RECORDED.serviceLatencyBuckets,
          expr: `sum by (namespace, service, team, le) (rate(${q.serviceLatencyBuckets}${catalog}[5m]))`,
        },
      ],
    },
  ];
}

export interface RecordingRulesProps {
  /** Namespace of the PrometheusRule objects (Prometheus' own). */
  readonly namespace: string;
  readonly queries: QuerySelectors;
}

/** The dashboards' recording rules as PrometheusRule objects the stack's Prometheus loads. */
export class RecordingRules extends Construct {
  readonly groups: readonly RecordingGroup[];

  constructor(scope: Construct, id: string, props: RecordingRulesProps) {
    super(scope, id);
    this.groups = recordingGroups(props.queries);
    for (const group of this.groups) {
      new PrometheusRules(this, group.name, {
        name: group.name,
        namespace: props.namespace,
        groups: [{ name: group.name, rules: group.rules.map((r) => ({ record: r.record, expr: r.expr })) }],
      });
    }
  }
}

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
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
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
  const ksm = q.kubeStateMetrics;
  // kube-prometheus' k8s.rules: per-container usage with the pod's node, each rule with its own topk over
  // kube_pod_info, as upstream writes them. (The same mapping is recorded as node_namespace_pod:kube_pod_info: with
  // the workload alerts; reading that record here would tie this PrometheusRule to the alerting chart's.)
  const withNode = `* on (cluster, namespace, pod) group_left (node) topk by (cluster, namespace, pod) (1, max by (cluster, namespace, pod, node) (kube_pod_info{${ksm}, node!=""}))`;
  const upstreamContainers = `{${q.cadvisor}, image!=""}`;
  const owner = (kind: string) => `kube_pod_owner{${ksm}, owner_kind="${kind}"}`;
  const replicaSetOwner = (ownerKind: string, workloadFrom: string) =>
    `max by (cluster, namespace, workload, pod) (label_replace(label_replace(${owner('ReplicaSet')}, "replicaset", "$1", "owner_name", "(.*)") * on (cluster, replicaset, namespace) group_left (owner_name) topk by (cluster, replicaset, namespace) (1, max by (cluster, replicaset, namespace, owner_name) (kube_replicaset_owner{${ksm}, owner_kind="${ownerKind}"})), "workload", "$1", "${workloadFrom}", "(.*)"))`;
  const byOwnerName = (kind: string, from: 'owner_name' | 'pod') =>
    `max by (cluster, namespace, workload, pod) (label_replace(${kind === '' ? `kube_pod_owner{${ksm}, owner_kind="", owner_name=""}` : owner(kind)}, "workload", "$1", "${from}", "(${from === 'pod' ? '.+' : '.*'})"))`;
  return [
    {
      // Dashboard-only (Compute Resources dashboards): its own group, so its cost shows in `npm run bench:rules`.
      name: 'platform-container-recording',
      rules: [
        {
          record: RECORDED.containerCpu,
          expr: `sum by (cluster, namespace, pod, container) (rate(container_cpu_usage_seconds_total${upstreamContainers}[5m])) ${withNode}`,
        },
        { record: RECORDED.containerMemoryWorkingSet, expr: `container_memory_working_set_bytes${upstreamContainers} ${withNode}` },
        { record: RECORDED.containerMemoryRss, expr: `container_memory_rss${upstreamContainers} ${withNode}` },
        { record: RECORDED.containerMemoryCache, expr: `container_memory_cache${upstreamContainers} ${withNode}` },
      ],
    },
    {
      // Dashboard-only (Workload dashboard, workload variable): kube-prometheus' k8s.rules.pod_owner, one rule per kind.
      name: 'platform-pod-owner-recording',
      rules: [
        { record: RECORDED.podOwner, labels: { workload_type: 'replicaset' }, expr: replicaSetOwner('', 'replicaset') },
        { record: RECORDED.podOwner, labels: { workload_type: 'deployment' }, expr: replicaSetOwner('Deployment', 'owner_name') },
        { record: RECORDED.podOwner, labels: { workload_type: 'daemonset' }, expr: byOwnerName('DaemonSet', 'owner_name') },
        { record: RECORDED.podOwner, labels: { workload_type: 'statefulset' }, expr: byOwnerName('StatefulSet', 'owner_name') },
        {
          record: RECORDED.podOwner,
          labels: { workload_type: 'job' },
          expr: `group by (cluster, namespace, workload, pod) (label_join(group by (cluster, namespace, job_name, pod, owner_name) (label_join(${owner('Job')}, "job_name", "", "owner_name")) * on (cluster, namespace, job_name) group_left () group by (cluster, namespace, job_name) (kube_job_owner{${ksm}, owner_kind=~"Pod|"}), "workload", "", "owner_name"))`,
        },
        { record: RECORDED.podOwner, labels: { workload_type: 'barepod' }, expr: byOwnerName('', 'pod') },
        { record: RECORDED.podOwner, labels: { workload_type: 'staticpod' }, expr: byOwnerName('Node', 'pod') },
        {
          // the rest (Jobs of CronJobs, ReplicaSets of other controllers, custom owners): workload_type from the owner's kind
          record: RECORDED.podOwner,
          expr: `group by (cluster, namespace, workload, workload_type, pod) (label_join(label_join(group by (cluster, namespace, job_name, pod) (label_join(${owner('Job')}, "job_name", "", "owner_name")) * on (cluster, namespace, job_name) group_left (owner_kind, owner_name) group by (cluster, namespace, job_name, owner_kind, owner_name) (kube_job_owner{${ksm}, owner_kind!="Pod", owner_kind!=""}), "workload", "", "owner_name"), "workload_type", "", "owner_kind") or label_replace(label_replace(label_replace(${owner('ReplicaSet')}, "replicaset", "$1", "owner_name", "(.+)") * on (cluster, namespace, replicaset) group_left (owner_kind, owner_name) group by (cluster, namespace, replicaset, owner_kind, owner_name) (kube_replicaset_owner{${ksm}, owner_kind!="Deployment", owner_kind!=""}), "workload", "$1", "owner_name", "(.+)") or label_replace(group by (cluster, namespace, pod, owner_name, owner_kind) (kube_pod_owner{${ksm}, owner_kind!="ReplicaSet", owner_kind!="DaemonSet", owner_kind!="StatefulSet", owner_kind!="Job", owner_kind!="Node", owner_kind!=""}), "workload", "$1", "owner_name", "(.+)"), "workload_type", "$1", "owner_kind", "(.+)"))`,
        },
      ],
    },
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
        groups: [{ name: group.name, rules: group.rules.map((r) => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) })) }],
      });
    }
  }
}

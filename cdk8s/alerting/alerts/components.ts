/**
 * The `component` label of every alert: what is broken (a node, the kubelet, a workload, a volume, Prometheus, …).
 * Inhibition keys on it: a critical alert mutes the warnings and infos of the same component (and the same cluster,
 * namespace, instance, claim and mount point; see `alerting.inhibition.equal`). Derived from the alert name in this
 * one table, so upstream alert names keep working; an alert that no prefix matches is an error.
 */
const PREFIXES: readonly (readonly [RegExp, string])[] = [
  [/^(Watchdog|AlertEscalated|InfoInhibitor)$/, 'alerting'],
  [/^Alertmanager/, 'alertmanager'],
  [/^(PrometheusOperator|ConfigReloader)/, 'prometheus-operator'],
  [/^Prometheus/, 'prometheus'],
  [/^TargetDown$/, 'scrape'],
  [/^(KubeAPI|KubeAggregatedAPI|KubeClient|KubeVersionMismatch)/, 'apiserver'],
  [/^CoreDNS/, 'coredns'],
  [/^KubeStateMetrics/, 'kube-state-metrics'],
  [/^(Kubelet|KubeNode)/, 'kubelet'],
  [/^KubePersistentVolume/, 'storage'],
  [/^(KubeQuota|KubeCPU|KubeMemory|CPUThrottling)/, 'capacity'],
  [/^(KubePod|KubeContainer|KubeDeployment|KubeStatefulSet|KubeDaemonSet|KubeJob|KubeHpa|KubePdb)/, 'workload'],
  [/^Node/, 'node'],
  [/^Elasticsearch/, 'elasticsearch'],
  [/^Logstash/, 'logstash'],
  [/^Filebeat/, 'filebeat'],
  [/^SLO/, 'slo'],
];

export function componentOf(alert: string): string {
  const hit = PREFIXES.find(([re]) => re.test(alert));
  if (!hit) throw new Error(`alert ${alert} has no component; add its name prefix to cdk8s/alerting/alerts/components.ts`);
  return hit[1];
}

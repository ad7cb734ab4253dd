/**
 * The node utilisation recording rules, defined once: the node alerts use them (so they ship in the same
 * PrometheusRule, `platform-nodes`) and the dashboards query them. Names and expressions follow node-mixin's
 * `node-exporter.rules` (CPU busy = not idle, iowait or steal), plus the cluster-wide aggregates the overview shows.
 */
export const NODE_RECORDED = {
  cpu: 'instance:node_cpu_utilisation:rate5m',
  memory: 'instance:node_memory_utilisation:ratio',
  load1PerCpu: 'instance:node_load1_per_cpu:ratio',
  clusterCpu: 'cluster:node_cpu:ratio_rate5m',
  clusterMemory: 'cluster:node_memory_utilisation:ratio',
} as const;

/**
 * kube-prometheus' pod → node mapping (node.rules): recorded once, with the workload alerts that join on it
 * (cdk8s/alerting/alerts/workloads.ts); the Compute Resources dashboards' container rules read it too.
 */
export const POD_NODE = 'node_namespace_pod:kube_pod_info:';

/** The rules, for node-exporter series selected by `nodeExporter` (matchers without braces). */
export function nodeRecordingRules(nodeExporter: string): { readonly record: string; readonly expr: string }[] {
  const ne = nodeExporter;
  return [
    { record: NODE_RECORDED.cpu, expr: `1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{${ne}, mode=~"idle|iowait|steal"}[5m])))` },
    { record: NODE_RECORDED.memory, expr: `1 - (node_memory_MemAvailable_bytes{${ne}} / node_memory_MemTotal_bytes{${ne}})` },
    { record: NODE_RECORDED.load1PerCpu, expr: `node_load1{${ne}} / on (instance) group_left () count by (instance) (node_cpu_seconds_total{${ne}, mode="idle"})` },
    { record: NODE_RECORDED.clusterCpu, expr: `avg(${NODE_RECORDED.cpu})` },
    { record: NODE_RECORDED.clusterMemory, expr: `1 - sum(node_memory_MemAvailable_bytes{${ne}}) / sum(node_memory_MemTotal_bytes{${ne}})` },
  ];
}

/** Names of the recording rules dashboards query, in one place so rules and panels cannot drift apart. */
export const RECORDED = {
  nodeCpu: 'instance:node_cpu_utilisation:ratio_rate5m',
  nodeMemory: 'instance:node_memory_utilisation:ratio',
  clusterCpu: 'cluster:node_cpu_utilisation:ratio_rate5m',
  clusterMemory: 'cluster:node_memory_utilisation:ratio',
  namespaceCpu: 'namespace:container_cpu_usage_seconds:sum_rate5m',
  namespaceMemory: 'namespace:container_memory_working_set_bytes:sum',
  podCpu: 'namespace_pod:container_cpu_usage_seconds:sum_rate5m',
  podMemory: 'namespace_pod:container_memory_working_set_bytes:sum',
  serviceRequests: 'service_code:requests:rate5m',
  serviceLatencyBuckets: 'service_le:request_duration_seconds_bucket:rate5m',
} as const;

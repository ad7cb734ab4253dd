import { NODE_RECORDED } from '../../lib/node-rules.js';

/** Names of the recording rules dashboards query, in one place so rules and panels cannot drift apart. */
export const RECORDED = {
  // recorded once, with the node alerts (cdk8s/lib/node-rules.ts)
  nodeCpu: NODE_RECORDED.cpu,
  nodeMemory: NODE_RECORDED.memory,
  clusterCpu: NODE_RECORDED.clusterCpu,
  clusterMemory: NODE_RECORDED.clusterMemory,
  namespaceCpu: 'namespace:container_cpu_usage_seconds:sum_rate5m',
  namespaceMemory: 'namespace:container_memory_working_set_bytes:sum',
  podCpu: 'namespace_pod:container_cpu_usage_seconds:sum_rate5m',
  podMemory: 'namespace_pod:container_memory_working_set_bytes:sum',
  serviceRequests: 'service_code:requests:rate5m',
  serviceLatencyBuckets: 'service_le:request_duration_seconds_bucket:rate5m',
} as const;

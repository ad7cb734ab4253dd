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
  // kube-prometheus' names (k8s.rules, node.rules), which its standard dashboards query
  containerCpu: 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m',
  containerMemoryWorkingSet: 'node_namespace_pod_container:container_memory_working_set_bytes',
  containerMemoryRss: 'node_namespace_pod_container:container_memory_rss',
  containerMemoryCache: 'node_namespace_pod_container:container_memory_cache',
  podOwner: 'namespace_workload_pod:kube_pod_owner:relabel',
  // recorded with the capacity alerts (cdk8s/alerting/alerts/capacity.ts), under kube-prometheus' names
  podCpuRequests: 'cluster:namespace:pod_cpu:active:kube_pod_container_resource_requests',
  podCpuLimits: 'cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits',
  podMemoryRequests: 'cluster:namespace:pod_memory:active:kube_pod_container_resource_requests',
  podMemoryLimits: 'cluster:namespace:pod_memory:active:kube_pod_container_resource_limits',
  namespaceCpuRequests: 'namespace_cpu:kube_pod_container_resource_requests:sum',
  namespaceCpuLimits: 'namespace_cpu:kube_pod_container_resource_limits:sum',
  namespaceMemoryRequests: 'namespace_memory:kube_pod_container_resource_requests:sum',
  namespaceMemoryLimits: 'namespace_memory:kube_pod_container_resource_limits:sum',
  // recorded with the API server alerts (cdk8s/alerting/alerts/system.ts)
  apiserverRequestsByCode: 'code:apiserver_request_total:rate5m',
  apiserverErrorRatio5m: 'apiserver_request:burnrate5m',
  apiserverErrorRatio3d: 'apiserver_request:burnrate3d',
  kubeletPlegQuantile: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
  serviceLatencyBuckets: 'service_le:request_duration_seconds_bucket:rate5m',
} as const;

/** Kubernetes / Kubelet: kubelets up, pods and containers, PLEG and pod-worker latency, evictions, certificate lifetimes. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function kubeletDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.kubelet;
  const k = matchers(q.kubelet);
  const byNode = `* on (instance) group_left (node) max by (instance, node) (kubelet_node_name${k})`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withPanel(stat('Running kubelets', { expr: `sum(kubelet_node_name${k})` }, { unit: 'none' }))
    .withPanel(stat('Running pods', { expr: `sum(kubelet_running_pods${k})` }, { unit: 'none' }))
    .withPanel(stat('Running containers', { expr: `sum(kubelet_running_containers${matchers(q.kubelet, 'container_state="running"')})` }, { unit: 'none' }))
    .withPanel(stat('Targets down', { expr: `count(up${k} == 0) or vector(0)` }, { unit: 'none' }))
    .withPanel(timeseries('Running pods by node', [{ expr: `max by (node) (kubelet_running_pods${k} ${byNode})`, legend: '{{node}}' }], { unit: 'none' }))
    .withPanel(timeseries('PLEG relist duration (p99)', [{ expr: `${RECORDED.kubeletPlegQuantile}{quantile="0.99"}`, legend: '{{node}}' }], { unit: 's' }))
    .withPanel(
      timeseries(
        'Pod worker duration (mean)',
        [
          {
            expr: `sum by (instance, operation_type) (rate(kubelet_pod_worker_duration_seconds_sum${k}[$__rate_interval])) / sum by (instance, operation_type) (rate(kubelet_pod_worker_duration_seconds_count${k}[$__rate_interval]))`,
            legend: '{{instance}} {{operation_type}}',
          },
        ],
        // the kubelet's buckets stay in-cluster (remote-write.ts drops them), so a quantile would be empty over long ranges
        { unit: 's', description: 'Mean time to sync a pod; KubeletPodStartUpLatencyHigh alerts on the in-cluster p99.' },
      ),
    )
    .withPanel(timeseries('Evictions', [{ expr: `sum by (eviction_signal) (increase(kubelet_evictions${k}[1h]))`, legend: '{{eviction_signal}}' }], { unit: 'none' }))
    .withPanel(
      timeseries(
        'Certificate time to live',
        [
          { expr: `min by (node) (kubelet_certificate_manager_client_ttl_seconds${k} ${byNode})`, legend: '{{node}} client' },
          { expr: `min by (node) (kubelet_certificate_manager_server_ttl_seconds${k} ${byNode})`, legend: '{{node}} server' },
        ],
        { unit: 's', span: 24 },
      ),
    );
  return buildWithDatasourceVariable(builder);
}

/** Cluster overview: capacity and usage of the whole cluster, by node and by namespace. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function clusterOverview(q: QuerySelectors): DashboardFile {
  const ksm = matchers(q.kubeStateMetrics);
  const model = dashboard('platform-cluster-overview', 'Cluster overview', ['kubernetes'])
    .withPanel(stat('Nodes', { expr: `count(kube_node_info${ksm})` }, { unit: 'none' }))
    .withPanel(stat('CPU utilisation', { expr: RECORDED.clusterCpu }, { unit: 'percentunit' }))
    .withPanel(stat('Memory utilisation', { expr: RECORDED.clusterMemory }, { unit: 'percentunit' }))
    .withPanel(stat('Pods not running', { expr: `sum(kube_pod_status_phase${matchers(q.kubeStateMetrics, 'phase=~"Pending|Failed|Unknown"')}) or vector(0)` }, { unit: 'none' }))
    .withPanel(timeseries('CPU utilisation by node', [{ expr: RECORDED.nodeCpu, legend: '{{instance}}' }], { unit: 'percentunit', max: 1 }))
    .withPanel(timeseries('Memory utilisation by node', [{ expr: RECORDED.nodeMemory, legend: '{{instance}}' }], { unit: 'percentunit', max: 1 }))
    .withPanel(timeseries('CPU usage by namespace', [{ expr: RECORDED.namespaceCpu, legend: '{{namespace}}' }], { unit: 'short' }))
    .withPanel(timeseries('Memory usage by namespace', [{ expr: RECORDED.namespaceMemory, legend: '{{namespace}}' }], { unit: 'bytes' }))
    .withPanel(
      // `count(up == 0)` has no series while every target is up, so the panel showed "No data" instead of 0.
      timeseries('Scrape targets down', [{ expr: 'sum by (job) (up == bool 0)', legend: '{{job}}' }], {
        unit: 'none',
        span: 24,
        description: 'Targets Prometheus could not scrape, by job (0 when all are up).',
      }),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}


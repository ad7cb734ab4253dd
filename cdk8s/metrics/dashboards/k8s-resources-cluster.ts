/** Kubernetes / Compute Resources / Cluster: utilisation and commitment of the whole cluster, usage and requests by namespace. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function k8sResourcesCluster(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.cluster;
  const allocatable = (resource: string) => `sum(kube_node_status_allocatable${matchers(q.kubeStateMetrics, `resource="${resource}"`)})`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withPanel(stat('CPU utilisation', { expr: RECORDED.clusterCpu }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('CPU requests commitment', { expr: `sum(${RECORDED.namespaceCpuRequests}) / ${allocatable('cpu')}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('CPU limits commitment', { expr: `sum(${RECORDED.namespaceCpuLimits}) / ${allocatable('cpu')}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('Memory utilisation', { expr: RECORDED.clusterMemory }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('Memory requests commitment', { expr: `sum(${RECORDED.namespaceMemoryRequests}) / ${allocatable('memory')}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('Memory limits commitment', { expr: `sum(${RECORDED.namespaceMemoryLimits}) / ${allocatable('memory')}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(timeseries('CPU usage by namespace', [{ expr: `sum by (namespace) (${RECORDED.containerCpu})`, legend: '{{namespace}}' }], { unit: 'short' }))
    .withPanel(
      timeseries('CPU requests by namespace', [{ expr: `sum by (namespace) (${RECORDED.namespaceCpuRequests})`, legend: '{{namespace}}' }], {
        unit: 'short',
        description: 'Requests of running and pending pods.',
      }),
    )
    .withPanel(
      timeseries('Memory usage by namespace (working set)', [{ expr: `sum by (namespace) (${RECORDED.containerMemoryWorkingSet}{container!=""})`, legend: '{{namespace}}' }], {
        unit: 'bytes',
      }),
    )
    .withPanel(timeseries('Memory requests by namespace', [{ expr: `sum by (namespace) (${RECORDED.namespaceMemoryRequests})`, legend: '{{namespace}}' }], { unit: 'bytes' }));
  return buildWithDatasourceVariable(builder);
}

/** Kubernetes / Compute Resources / Node (Pods): the pods of one node against its capacity. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS, kubeVariables } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, timeseries } from './panels.js';

export function k8sResourcesNode(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.node;
  const node = 'node="$node"';
  const capacity = (resource: string) => `sum(kube_node_status_capacity${matchers(q.kubeStateMetrics, node, `resource="${resource}"`)})`;
  const requests = (resource: string) => `sum by (pod) (kube_pod_container_resource_requests${matchers(q.kubeStateMetrics, node, `resource="${resource}"`)})`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withVariable(kubeVariables(q).node)
    .withPanel(
      timeseries(
        'CPU usage by pod',
        [
          { expr: `sum by (pod) (${RECORDED.containerCpu}{${node}})`, legend: '{{pod}}' },
          { expr: capacity('cpu'), legend: 'capacity' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory usage by pod (working set)',
        [
          { expr: `sum by (pod) (${RECORDED.containerMemoryWorkingSet}{${node}, container!=""})`, legend: '{{pod}}' },
          { expr: capacity('memory'), legend: 'capacity' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(timeseries('CPU requests by pod', [{ expr: requests('cpu'), legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('Memory requests by pod', [{ expr: requests('memory'), legend: '{{pod}}' }], { unit: 'bytes' }));
  return buildWithDatasourceVariable(builder);
}

/** Kubernetes / Compute Resources / Namespace (Pods): one namespace's usage against its requests and limits, by pod. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS, kubeVariables } from './kube-common.js';
import { dashboard, type DashboardFile, stat, timeseries } from './panels.js';

export function k8sResourcesNamespace(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.namespace;
  const ns = '{namespace="$namespace"}';
  const cpu = `sum(${RECORDED.containerCpu}${ns})`;
  const memory = `sum(${RECORDED.containerMemoryWorkingSet}{namespace="$namespace", container!=""})`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withVariable(kubeVariables(q).namespace)
    .withPanel(stat('CPU utilisation (from requests)', { expr: `${cpu} / sum(${RECORDED.podCpuRequests}${ns})` }, { unit: 'percentunit' }))
    .withPanel(stat('CPU utilisation (from limits)', { expr: `${cpu} / sum(${RECORDED.podCpuLimits}${ns})` }, { unit: 'percentunit' }))
    .withPanel(stat('Memory utilisation (from requests)', { expr: `${memory} / sum(${RECORDED.podMemoryRequests}${ns})` }, { unit: 'percentunit' }))
    .withPanel(stat('Memory utilisation (from limits)', { expr: `${memory} / sum(${RECORDED.podMemoryLimits}${ns})` }, { unit: 'percentunit' }))
    .withPanel(
      timeseries(
        'CPU usage by pod',
        [
          { expr: `sum by (pod) (${RECORDED.containerCpu}${ns})`, legend: '{{pod}}' },
          { expr: `sum(${RECORDED.podCpuRequests}${ns})`, legend: 'requests (namespace)' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory usage by pod (working set)',
        [
          { expr: `sum by (pod) (${RECORDED.containerMemoryWorkingSet}{namespace="$namespace", container!=""})`, legend: '{{pod}}' },
          { expr: `sum(${RECORDED.podMemoryRequests}${ns})`, legend: 'requests (namespace)' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(timeseries('CPU requests by pod', [{ expr: `sum by (pod) (${RECORDED.podCpuRequests}${ns})`, legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('Memory requests by pod', [{ expr: `sum by (pod) (${RECORDED.podMemoryRequests}${ns})`, legend: '{{pod}}' }], { unit: 'bytes' }));
  return buildWithDatasourceVariable(builder);
}

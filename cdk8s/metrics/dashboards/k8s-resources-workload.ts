/** Kubernetes / Compute Resources / Workload: one workload's pods (by the recorded pod-owner relation): CPU, memory, network. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS, kubeVariables } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, timeseries } from './panels.js';

export function k8sResourcesWorkload(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.workload;
  const vars = kubeVariables(q);
  const ns = 'namespace="$namespace"';
  // Keeps the series of the workload's pods and adds the workload labels (kube-prometheus' join).
  const ofWorkload = `* on (namespace, pod) group_left (workload, workload_type) ${RECORDED.podOwner}{${ns}, workload="$workload", workload_type=~"$type"}`;
  const perPod = (series: string) => `sum by (pod) (${series} ${ofWorkload})`;
  const network = (counter: string) => perPod(`rate(${counter}${matchers(q.cadvisor, ns)}[$__rate_interval])`);
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withVariable(vars.namespace)
    .withVariable(vars.workloadType)
    .withVariable(vars.workload)
    .withPanel(timeseries('CPU usage by pod', [{ expr: perPod(`${RECORDED.containerCpu}{${ns}}`), legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('CPU requests by pod', [{ expr: perPod(`${RECORDED.podCpuRequests}{${ns}}`), legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('Memory usage by pod (working set)', [{ expr: perPod(`${RECORDED.containerMemoryWorkingSet}{${ns}, container!=""}`), legend: '{{pod}}' }], { unit: 'bytes' }))
    .withPanel(timeseries('Memory requests by pod', [{ expr: perPod(`${RECORDED.podMemoryRequests}{${ns}}`), legend: '{{pod}}' }], { unit: 'bytes' }))
    .withPanel(timeseries('Receive bandwidth by pod', [{ expr: network('container_network_receive_bytes_total'), legend: '{{pod}}' }], { unit: 'Bps' }))
    .withPanel(timeseries('Transmit bandwidth by pod', [{ expr: network('container_network_transmit_bytes_total'), legend: '{{pod}}' }], { unit: 'Bps' }));
  return buildWithDatasourceVariable(builder);
}

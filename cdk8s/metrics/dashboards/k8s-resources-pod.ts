/** Kubernetes / Compute Resources / Pod: one pod's containers: CPU and throttling, memory, network, restarts. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS, kubeVariables } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, timeseries } from './panels.js';

export function k8sResourcesPod(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.pod;
  const vars = kubeVariables(q);
  const pod = 'namespace="$namespace", pod="$pod"';
  const containers = matchers(q.cadvisor, pod, 'container!=""');
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withVariable(vars.namespace)
    .withVariable(vars.pod)
    .withPanel(
      timeseries(
        'CPU usage by container',
        [
          { expr: `sum by (container) (${RECORDED.containerCpu}{${pod}})`, legend: '{{container}}' },
          { expr: `sum(${RECORDED.podCpuRequests}{${pod}})`, legend: 'requests' },
          { expr: `sum(${RECORDED.podCpuLimits}{${pod}})`, legend: 'limits' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'CPU throttling by container',
        [
          {
            expr: `sum by (container) (increase(container_cpu_cfs_throttled_periods_total${containers}[$__rate_interval])) / sum by (container) (increase(container_cpu_cfs_periods_total${containers}[$__rate_interval]))`,
            legend: '{{container}}',
          },
        ],
        { unit: 'percentunit', max: 1, description: 'Share of CFS periods in which the container was throttled; kube-prometheus warns from 25%.' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory usage by container (working set)',
        [
          { expr: `sum by (container) (${RECORDED.containerMemoryWorkingSet}{${pod}, container!=""})`, legend: '{{container}}' },
          { expr: `sum(${RECORDED.podMemoryRequests}{${pod}})`, legend: 'requests' },
          { expr: `sum(${RECORDED.podMemoryLimits}{${pod}})`, legend: 'limits' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory RSS and cache by container',
        [
          { expr: `sum by (container) (${RECORDED.containerMemoryRss}{${pod}, container!=""})`, legend: '{{container}} RSS' },
          { expr: `sum by (container) (${RECORDED.containerMemoryCache}{${pod}, container!=""})`, legend: '{{container}} cache' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeseries(
        'Network bandwidth',
        [
          { expr: `sum(rate(container_network_receive_bytes_total${matchers(q.cadvisor, pod)}[$__rate_interval]))`, legend: 'receive' },
          { expr: `sum(rate(container_network_transmit_bytes_total${matchers(q.cadvisor, pod)}[$__rate_interval]))`, legend: 'transmit' },
        ],
        { unit: 'Bps' },
      ),
    )
    .withPanel(
      timeseries('Container restarts', [{ expr: `sum by (container) (kube_pod_container_status_restarts_total${matchers(q.kubeStateMetrics, pod)})`, legend: '{{container}}' }], {
        unit: 'none',
      }),
    );
  return buildWithDatasourceVariable(builder);
}

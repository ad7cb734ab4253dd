/** Workloads of one namespace: container CPU and memory by pod, restarts and readiness. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { dashboard, type DashboardFile, labelVariable, matchers, timeseries } from './panels.js';

export function workloadsDashboard(q: QuerySelectors): DashboardFile {
  const ns = 'namespace="$namespace"';
  const ksm = matchers(q.kubeStateMetrics, ns);
  const model = dashboard('platform-workloads', 'Workloads by namespace', ['kubernetes', 'workloads'])
    .withVariable(labelVariable('namespace', 'namespace', `kube_namespace_status_phase{${q.kubeStateMetrics}}`))
    .withPanel(timeseries('CPU usage by pod', [{ expr: `${RECORDED.podCpu}{${ns}}`, legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('Memory working set by pod', [{ expr: `${RECORDED.podMemory}{${ns}}`, legend: '{{pod}}' }], { unit: 'bytes' }))
    .withPanel(
      timeseries(
        'CPU requested vs used',
        [
          { expr: `sum(${RECORDED.podCpu}{${ns}})`, legend: 'used' },
          { expr: `sum(kube_pod_container_resource_requests${matchers(q.kubeStateMetrics, ns, 'resource="cpu"')})`, legend: 'requested' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory limit vs used',
        [
          { expr: `sum(${RECORDED.podMemory}{${ns}})`, legend: 'used' },
          { expr: `sum(kube_pod_container_resource_limits${matchers(q.kubeStateMetrics, ns, 'resource="memory"')})`, legend: 'limit' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeseries('Container restarts (1h)', [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total${ksm}[1h]))`, legend: '{{pod}}' }], {
        unit: 'none',
      }),
    )
    .withPanel(
      timeseries('Pods not ready', [{ expr: `sum by (pod) (kube_pod_status_ready${matchers(q.kubeStateMetrics, ns, 'condition="false"')})`, legend: '{{pod}}' }], {
        unit: 'none',
      }),
    )
    .withPanel(
      timeseries(
        'CPU throttling',
        [
          {
            expr: `sum by (pod) (rate(container_cpu_cfs_throttled_periods_total${matchers(q.cadvisor, ns, 'container!=""')}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total${matchers(q.cadvisor, ns, 'container!=""')}[5m]))`,
            legend: '{{pod}}',
          },
        ],
        { unit: 'percentunit', span: 24, max: 1 },
      ),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

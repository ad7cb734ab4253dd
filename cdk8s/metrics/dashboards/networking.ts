/**
 * Kubernetes / Networking: kube-prometheus' Cluster, Namespace (Pods) and Pod networking dashboards in one, from
 * cAdvisor's per-pod network counters: bandwidth, packets and drops by namespace, by pod of a namespace, and of a pod.
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS, kubeVariables } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, type Query, timeseries } from './panels.js';

export function networkingDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.networking;
  const vars = kubeVariables(q);
  const rate = (counter: string, by: string, ...extra: string[]) => `sum by (${by}) (rate(container_network_${counter}${matchers(q.cadvisor, ...extra)}[$__rate_interval]))`;
  const both = (what: 'bytes' | 'packets' | 'packets_dropped', by: string, legend: string, ...extra: string[]): Query[] => [
    { expr: rate(`receive_${what}_total`, by, ...extra), legend: `${legend} receive` },
    { expr: rate(`transmit_${what}_total`, by, ...extra), legend: `${legend} transmit` },
  ];
  const ns = 'namespace="$namespace"';
  const pod = 'pod="$pod"';
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin', 'networking'])
    .withVariable(datasourceVariable())
    .withVariable(vars.namespace)
    .withVariable(vars.pod)
    .withPanel(timeseries('Cluster: bandwidth by namespace', both('bytes', 'namespace', '{{namespace}}'), { unit: 'Bps' }))
    .withPanel(timeseries('Cluster: dropped packets by namespace', both('packets_dropped', 'namespace', '{{namespace}}'), { unit: 'pps' }))
    .withPanel(timeseries('Namespace $namespace: bandwidth by pod', both('bytes', 'pod', '{{pod}}', ns), { unit: 'Bps' }))
    .withPanel(timeseries('Namespace $namespace: packets by pod', both('packets', 'pod', '{{pod}}', ns), { unit: 'pps' }))
    .withPanel(timeseries('Pod $pod: bandwidth', both('bytes', 'interface', '{{interface}}', ns, pod), { unit: 'Bps' }))
    .withPanel(timeseries('Pod $pod: dropped packets', both('packets_dropped', 'interface', '{{interface}}', ns, pod), { unit: 'pps' }));
  return buildWithDatasourceVariable(builder);
}

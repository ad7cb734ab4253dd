/**
 * What the kube-prometheus-style dashboards share: kube-prometheus' titles and uids, its template variables
 * (datasource, namespace, workload type, workload, pod, node) with our selectors, and the datasource variable that
 * every panel of these dashboards reads.
 */
import { DatasourceVariableBuilder, type Dashboard, type DashboardBuilder, type QueryVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { DATASOURCES } from './datasources.js';
import { type DashboardFile, labelVariable } from './panels.js';

/** The Grafana variable the panels' datasource refers to. */
export const DATASOURCE_VARIABLE = 'datasource';

/**
 * kube-prometheus' uids are md5 sums of its file names; ours are the file names themselves (readable in URLs and
 * diffs), under the same titles, so people find the dashboards they know.
 */
export const KUBE_DASHBOARDS = {
  cluster: { uid: 'k8s-resources-cluster', title: 'Kubernetes / Compute Resources / Cluster' },
  namespace: { uid: 'k8s-resources-namespace', title: 'Kubernetes / Compute Resources / Namespace (Pods)' },
  workload: { uid: 'k8s-resources-workload', title: 'Kubernetes / Compute Resources / Workload' },
  pod: { uid: 'k8s-resources-pod', title: 'Kubernetes / Compute Resources / Pod' },
  node: { uid: 'k8s-resources-node', title: 'Kubernetes / Compute Resources / Node (Pods)' },
  apiserver: { uid: 'apiserver', title: 'Kubernetes / API server' },
  kubelet: { uid: 'kubelet', title: 'Kubernetes / Kubelet' },
  networking: { uid: 'k8s-networking', title: 'Kubernetes / Networking' },
  volumes: { uid: 'k8s-persistent-volumes', title: 'Kubernetes / Persistent Volumes' },
  coredns: { uid: 'coredns', title: 'CoreDNS' },
  alertmanager: { uid: 'alertmanager-overview', title: 'Alertmanager / Overview' },
} as const;

/** A Prometheus datasource picker, defaulting to the provisioned one. */
export function datasourceVariable(): DatasourceVariableBuilder {
  const ds = DATASOURCES.prometheus;
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE).label('Data source').type(ds.type).current({ text: ds.uid, value: ds.uid });
}

/** The template variables, each querying a series we scrape or record; later ones filter on earlier ones. */
export function kubeVariables(q: QuerySelectors): {
  readonly namespace: QueryVariableBuilder;
  readonly workloadType: QueryVariableBuilder;
  readonly workload: QueryVariableBuilder;
  readonly pod: QueryVariableBuilder;
  readonly node: QueryVariableBuilder;
} {
  return {
    namespace: labelVariable('namespace', 'namespace', `kube_namespace_status_phase{${q.kubeStateMetrics}}`),
    workloadType: labelVariable('type', 'workload_type', `${RECORDED.podOwner}{namespace="$namespace", workload=~".+"}`),
    workload: labelVariable('workload', 'workload', `${RECORDED.podOwner}{namespace="$namespace", workload_type=~"$type"}`),
    pod: labelVariable('pod', 'pod', `kube_pod_info{${q.kubeStateMetrics}, namespace="$namespace"}`),
    node: labelVariable('node', 'node', `kube_node_info{${q.kubeStateMetrics}}`),
  };
}

interface DatasourceHolder {
  datasource?: { type?: string; uid?: string };
  targets?: DatasourceHolder[];
}

/**
 * Builds the dashboard and points every Prometheus reference (panels, queries, query variables) at `${datasource}`,
 * which the datasource variable (added first) resolves.
 */
export function buildWithDatasourceVariable(builder: DashboardBuilder, folder = 'platform'): DashboardFile {
  const model: Dashboard = builder.build();
  const ref = { type: DATASOURCES.prometheus.type, uid: `\${${DATASOURCE_VARIABLE}}` };
  const repoint = (h: DatasourceHolder) => {
    if (h.datasource?.uid === DATASOURCES.prometheus.uid) h.datasource = { ...ref };
    for (const t of h.targets ?? []) repoint(t);
  };
  for (const p of (model.panels ?? []) as DatasourceHolder[]) repoint(p);
  const variables = (model.templating?.list ?? []) as (DatasourceHolder & { type?: string })[];
  for (const v of variables) if (v.type === 'query') repoint(v);
  return { uid: model.uid ?? '', folder, model };
}

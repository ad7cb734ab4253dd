/**
 * A synthetic EKS cluster as Prometheus text exposition, one scrape target per exporter, for the loopback tests and
 * `npm run bench:rules`. Every metric family here is one a real exporter serves, with the labels it serves it with;
 * each family names its source. A target is served only under the job labels our scrape objects give that exporter
 * (test/metrics/dashboard-queries.test.ts checks them against contracts/scrape-jobs.ts), so a query that finds a
 * family here finds something we really scrape.
 *
 * Adding a family: append it to its target's `families` in TARGETS below (one object: name, source, render).
 * Adding a target: add an entry to TARGETS with the job labels our scrape config gives it.
 *
 * Sources named below:
 * - mixin tests: kubernetes-mixin `tests/*.yaml` (the commit kube-prometheus vendors), input series;
 * - kube-prometheus rules: kube-prometheus `manifests/*prometheusRule.yaml` (rendered rules), expressions;
 * - ksm docs: kube-state-metrics `docs/metrics/` (github.com/kubernetes/kube-state-metrics);
 * - cAdvisor docs: google/cadvisor `docs/storage/prometheus.md`;
 * - CoreDNS docs: coredns.io/plugins/metrics and coredns.io/plugins/cache;
 * - node-exporter: prometheus/node_exporter collectors (cpu, meminfo, loadavg, filesystem, netdev, diskstats, uname).
 * Deliberately contracts-free: it knows job names as plain strings, so the bench and the tests share it unchanged.
 */
import { createServer } from 'node:http';
import { type Labels, sampleLine } from './exposition.js';

/** Size of the synthetic cluster. */
export interface ClusterShape {
  readonly nodes: number;
  readonly namespaces: number;
  readonly deploymentsPerNamespace: number;
  readonly podsPerDeployment: number;
}

/** A catalog service the cluster runs (its ServiceMonitor's job is the Service name, plus `service` and `team`). */
export interface CatalogService {
  readonly name: string;
  readonly namespace: string;
  readonly team: string;
}

export interface SyntheticNode {
  readonly name: string;
  /** The kubelet's address (`instance` of the kubelet job; node-exporter's `instance` is relabelled to the node name). */
  readonly ip: string;
}

export interface SyntheticPod {
  readonly namespace: string;
  readonly pod: string;
  readonly node: string;
  readonly container: string;
  readonly ownerKind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  readonly ownerName: string;
  /** Deployment of a ReplicaSet-owned pod. */
  readonly deployment?: string;
  /** PersistentVolumeClaim the pod mounts (StatefulSet pods). */
  readonly pvc?: string;
}

export interface Cluster {
  readonly nodes: readonly SyntheticNode[];
  readonly pods: readonly SyntheticPod[];
  readonly deployments: ReadonlyArray<{ readonly namespace: string; readonly deployment: string; readonly replicaset: string }>;
  readonly services: readonly CatalogService[];
  /** Seconds since the epoch at scrape time: counters grow with it. */
  readonly now: number;
}

/** One metric family: its name, where its name and labels come from, and its samples for a cluster. */
export interface Family {
  readonly name: string;
  readonly source: string;
  render(c: Cluster): string;
}

/** A scrape target: the job labels our scrape config gives it, and the families it serves. */
export interface SyntheticTarget {
  /** `job`, plus `metrics_path` where one job scrapes several endpoints. */
  readonly jobLabels: Readonly<Record<string, string>>;
  /**
   * Further labels the scrape object attaches to the target (service discovery and relabelling), so `up` carries
   * them too. @default - none
   */
  readonly targetLabels?: Readonly<Record<string, string>>;
  /**
   * The path our scrape object scrapes, where the job labels carry none (e.g. Envoy's `/stats/prometheus`).
   * @default - the `metrics_path` job label, else `/metrics`
   */
  readonly metricsPath?: string;
  readonly families: readonly Family[];
}

/** Exposition lines of one family. */
function lines(name: string, samples: ReadonlyArray<readonly [Labels, number]>): string {
  return samples.map(([l, v]) => sampleLine(name, l, v)).join('\n');
}

const family = (name: string, source: string, samples: (c: Cluster) => ReadonlyArray<readonly [Labels, number]>): Family => ({
  name,
  source,
  render: (c) => lines(name, samples(c)),
});

/** A histogram's _bucket, _sum and _count, all requests observed at `seconds`, growing `perSecond`. */
function histogram(name: string, source: string, series: (c: Cluster) => ReadonlyArray<readonly [Labels, number]>, seconds: number, les: readonly number[]): Family[] {
  return [
    family(`${name}_bucket`, source, (c) =>
      series(c).flatMap(([l, perSecond]) => [...les.map(String), '+Inf'].map((le) => [{ ...l, le }, le === '+Inf' || Number(le) >= seconds ? perSecond * c.now : 0] as const)),
    ),
    family(`${name}_sum`, source, (c) => series(c).map(([l, perSecond]) => [l, perSecond * c.now * seconds] as const)),
    family(`${name}_count`, source, (c) => series(c).map(([l, perSecond]) => [l, perSecond * c.now] as const)),
  ];
}

const MIXIN = 'kubernetes-mixin tests (input series)';
const RULES = 'kube-prometheus rendered rules';
const KSM = 'kube-state-metrics docs/metrics';
const CADVISOR = 'cAdvisor docs/storage/prometheus.md';
const COREDNS = 'coredns.io/plugins/metrics';
const NODE_EXPORTER = 'node_exporter collectors';
const ALERTMANAGER = 'Alertmanager /metrics (alertmanager-prometheusRule.yaml, alertmanager/dispatch and notify)';

const podLabels = (p: SyntheticPod) => ({ namespace: p.namespace, pod: p.pod });
const containerLabels = (p: SyntheticPod) => ({ ...podLabels(p), container: p.container });
/** cAdvisor's per-container labels (the kubelet adds namespace, pod and container from the pod's cgroup). */
const cadvisorLabels = (c: Cluster, p: SyntheticPod) => ({
  ...containerLabels(p),
  image: `registry.example/${p.container}:1`,
  instance: c.nodes.find((n) => n.name === p.node)?.ip ?? p.node,
  node: p.node,
});
const kubeletInstance = (n: SyntheticNode) => ({ instance: `${n.ip}:10250`, node: n.name });

const ksmFamilies: Family[] = [
  family('kube_namespace_status_phase', KSM, (c) => [...new Set(c.pods.map((p) => p.namespace))].map((namespace) => [{ namespace, phase: 'Active' }, 1] as const)),
  family('kube_node_info', MIXIN, (c) => c.nodes.map((n) => [{ node: n.name, internal_ip: n.ip }, 1] as const)),
  family('kube_node_status_condition', MIXIN, (c) => c.nodes.map((n) => [{ node: n.name, condition: 'Ready', status: 'true' }, 1] as const)),
  family('kube_node_spec_unschedulable', MIXIN, (c) => c.nodes.map((n) => [{ node: n.name }, 0] as const)),
  family('kube_node_status_allocatable', RULES, (c) =>
    c.nodes.flatMap((n) => [
      [{ node: n.name, resource: 'cpu', unit: 'core' }, 3.92] as const,
      [{ node: n.name, resource: 'memory', unit: 'byte' }, 15e9] as const,
      [{ node: n.name, resource: 'pods', unit: 'integer' }, 58] as const,
    ]),
  ),
  family('kube_node_status_capacity', MIXIN, (c) =>
    c.nodes.flatMap((n) => [
      [{ node: n.name, resource: 'cpu', unit: 'core' }, 4] as const,
      [{ node: n.name, resource: 'memory', unit: 'byte' }, 16e9] as const,
      [{ node: n.name, resource: 'pods', unit: 'integer' }, 58] as const,
    ]),
  ),
  family('kube_pod_info', MIXIN, (c) => c.pods.map((p) => [{ ...podLabels(p), node: p.node }, 1] as const)),
  family('kube_pod_owner', MIXIN, (c) => c.pods.map((p) => [{ ...podLabels(p), owner_kind: p.ownerKind, owner_name: p.ownerName, owner_is_controller: 'true' }, 1] as const)),
  family('kube_replicaset_owner', MIXIN, (c) =>
    c.deployments.map((d) => [{ namespace: d.namespace, replicaset: d.replicaset, owner_kind: 'Deployment', owner_name: d.deployment, owner_is_controller: 'true' }, 1] as const),
  ),
  family('kube_pod_status_phase', MIXIN, (c) =>
    c.pods.flatMap((p) => ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((phase) => [{ ...podLabels(p), phase }, phase === 'Running' ? 1 : 0] as const)),
  ),
  family('kube_pod_status_ready', MIXIN, (c) => c.pods.flatMap((p) => ['true', 'false', 'unknown'].map((condition) => [{ ...podLabels(p), condition }, condition === 'true' ? 1 : 0] as const))),
  family('kube_pod_container_status_restarts_total', KSM, (c) => c.pods.map((p) => [containerLabels(p), 0] as const)),
  ...(['requests', 'limits'] as const).map((kind) =>
    family(`kube_pod_container_resource_${kind}`, MIXIN, (c) =>
      c.pods.flatMap((p) => [
        [{ ...containerLabels(p), node: p.node, resource: 'cpu', unit: 'core' }, kind === 'requests' ? 0.1 : 0.5] as const,
        [{ ...containerLabels(p), node: p.node, resource: 'memory', unit: 'byte' }, kind === 'requests' ? 1e8 : 2e8] as const,
      ]),
    ),
  ),
  ...['spec_replicas', 'status_replicas_available', 'status_replicas_updated', 'status_observed_generation', 'metadata_generation'].map((m) =>
    family(`kube_deployment_${m}`, RULES, (c) => c.deployments.map((d) => [{ namespace: d.namespace, deployment: d.deployment }, 2] as const)),
  ),
  family('kube_persistentvolumeclaim_info', KSM, (c) =>
    c.pods.flatMap((p) => (p.pvc ? [[{ namespace: p.namespace, persistentvolumeclaim: p.pvc, storageclassname: 'gp3', volumename: `pvc-${p.pvc}` }, 1] as const] : [])),
  ),
];

const nodeExporterFamilies: Family[] = [
  // `instance` is the node name: our node-exporter ServiceMonitor relabels it from __meta_kubernetes_pod_node_name.
  family('node_uname_info', NODE_EXPORTER, (c) => c.nodes.map((n) => [{ instance: n.name, nodename: n.name, sysname: 'Linux', machine: 'x86_64' }, 1] as const)),
  family('node_cpu_seconds_total', MIXIN, (c) =>
    c.nodes.flatMap((n) =>
      [0, 1, 2, 3].flatMap((cpu) => ['idle', 'user', 'system', 'iowait', 'steal'].map((mode) => [{ instance: n.name, cpu: String(cpu), mode }, c.now * (mode === 'idle' ? 0.7 : 0.05)] as const)),
    ),
  ),
  family('node_memory_MemAvailable_bytes', RULES, (c) => c.nodes.map((n) => [{ instance: n.name }, 8e9] as const)),
  family('node_memory_MemTotal_bytes', RULES, (c) => c.nodes.map((n) => [{ instance: n.name }, 16e9] as const)),
  ...['node_load1', 'node_load5', 'node_load15'].map((name) => family(name, NODE_EXPORTER, (c) => c.nodes.map((n) => [{ instance: n.name }, 1] as const))),
  ...['node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_filesystem_readonly', 'node_filesystem_files_free', 'node_filesystem_files'].map((name) =>
    family(name, RULES, (c) =>
      c.nodes.flatMap((n) =>
        ['/', '/var/lib/kubelet'].map((mountpoint) => {
          const value = { node_filesystem_avail_bytes: 5e10, node_filesystem_size_bytes: 1e11, node_filesystem_readonly: 0, node_filesystem_files_free: 5e6, node_filesystem_files: 1e7 }[name] ?? 0;
          return [{ instance: n.name, device: 'nvme0n1p1', fstype: 'xfs', mountpoint }, value] as const;
        }),
      ),
    ),
  ),
  ...['node_network_receive_bytes_total', 'node_network_transmit_bytes_total'].map((name) =>
    family(name, RULES, (c) => c.nodes.flatMap((n) => ['eth0', 'lo'].map((device) => [{ instance: n.name, device }, c.now * 1e5] as const))),
  ),
  family('node_disk_io_time_seconds_total', RULES, (c) => c.nodes.map((n) => [{ instance: n.name, device: 'nvme0n1' }, c.now * 0.02] as const)),
];

const kubeletFamilies: Family[] = [
  family('kubelet_node_name', MIXIN, (c) => c.nodes.map((n) => [kubeletInstance(n), 1] as const)),
  family('kubelet_running_pods', MIXIN, (c) => c.nodes.map((n) => [kubeletInstance(n), c.pods.filter((p) => p.node === n.name).length] as const)),
  family('kubelet_running_containers', 'kubelet /metrics (container_state: created, running, exited, unknown)', (c) =>
    c.nodes.map((n) => [{ ...kubeletInstance(n), container_state: 'running' }, c.pods.filter((p) => p.node === n.name).length] as const),
  ),
  family('kubelet_evictions', MIXIN, (c) => c.nodes.map((n) => [{ ...kubeletInstance(n), eviction_signal: 'memory.available' }, 0] as const)),
  family('kubelet_certificate_manager_client_ttl_seconds', MIXIN, (c) => c.nodes.map((n) => [kubeletInstance(n), 86400 * 300] as const)),
  family('kubelet_certificate_manager_server_ttl_seconds', MIXIN, (c) => c.nodes.map((n) => [kubeletInstance(n), 86400 * 300] as const)),
  ...histogram('kubelet_pleg_relist_duration_seconds', MIXIN, (c) => c.nodes.map((n) => [kubeletInstance(n), 1] as const), 0.01, [0.005, 0.01, 0.025, 0.05, 0.1, 1, 10]),
  ...histogram('kubelet_pod_worker_duration_seconds', MIXIN, (c) => c.nodes.map((n) => [{ ...kubeletInstance(n), operation_type: 'sync' }, 0.5] as const), 0.1, [0.005, 0.01, 0.1, 1, 10, 60]),
  ...['available_bytes', 'capacity_bytes', 'used_bytes', 'inodes', 'inodes_free', 'inodes_used'].map((m) =>
    family(`kubelet_volume_stats_${m}`, MIXIN, (c) =>
      c.pods.flatMap((p) => {
        const value = { available_bytes: 6e9, capacity_bytes: 1e10, used_bytes: 4e9, inodes: 6e5, inodes_free: 5e5, inodes_used: 1e5 }[m] ?? 0;
        return p.pvc ? [[{ namespace: p.namespace, persistentvolumeclaim: p.pvc, instance: `${c.nodes.find((n) => n.name === p.node)?.ip}:10250`, node: p.node }, value] as const] : [];
      }),
    ),
  ),
];

const cadvisorFamilies: Family[] = [
  family('container_cpu_usage_seconds_total', MIXIN, (c) => c.pods.map((p) => [{ ...cadvisorLabels(c, p), cpu: 'total' }, c.now * 0.05] as const)),
  ...(['working_set_bytes', 'rss', 'cache', 'swap'] as const).map((m) =>
    family(`container_memory_${m}`, MIXIN, (c) => c.pods.map((p) => [cadvisorLabels(c, p), { working_set_bytes: 1e8, rss: 8e7, cache: 2e7, swap: 0 }[m]] as const)),
  ),
  family('container_cpu_cfs_periods_total', MIXIN, (c) => c.pods.map((p) => [cadvisorLabels(c, p), c.now * 10] as const)),
  family('container_cpu_cfs_throttled_periods_total', MIXIN, (c) => c.pods.map((p) => [cadvisorLabels(c, p), c.now * 0.1] as const)),
  // Network counters are per pod (the sandbox's network namespace): container="" and the pod's interface.
  ...['receive_bytes_total', 'transmit_bytes_total', 'receive_packets_total', 'transmit_packets_total', 'receive_packets_dropped_total', 'transmit_packets_dropped_total'].map((m) =>
    family(`container_network_${m}`, CADVISOR, (c) =>
      c.pods.map((p) => [{ ...podLabels(p), container: '', image: '', interface: 'eth0', instance: c.nodes.find((n) => n.name === p.node)?.ip ?? p.node, node: p.node }, c.now * (m.includes('dropped') ? 0.01 : m.includes('bytes') ? 2000 : 20)] as const),
    ),
  ),
];

const API_SERVER = { instance: '10.0.0.10:443', namespace: 'default', service: 'kubernetes' };
const apiserverFamilies: Family[] = [
  family('apiserver_request_total', MIXIN, (c) =>
    (['GET', 'LIST', 'WATCH', 'POST', 'PATCH', 'DELETE'] as const).flatMap((verb) =>
      ['200', '404', '500'].map((code) => [{ ...API_SERVER, verb, code, resource: 'pods', scope: 'namespace', group: '', version: 'v1', component: 'apiserver' }, c.now * (code === '200' ? 10 : 0.01)] as const),
    ),
  ),
  family('apiserver_request_terminations_total', RULES, (c) => [[{ ...API_SERVER, verb: 'LIST', code: '429', resource: 'pods', component: 'apiserver' }, c.now * 0.001]]),
  family('aggregator_unavailable_apiservice', RULES, () => [[{ ...API_SERVER, name: 'v1beta1.metrics.k8s.io' }, 0]]),
  family('aggregator_unavailable_apiservice_total', RULES, () => [[{ ...API_SERVER, name: 'v1beta1.metrics.k8s.io', reason: 'MissingEndpoints' }, 0]]),
  ...histogram('apiserver_client_certificate_expiration_seconds', RULES, () => [[API_SERVER, 1]], 86400 * 300, [21600, 86400, 604800, 2592000, 31104000]),
];

const COREDNS_POD = { namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde', instance: '10.0.2.20:9153', server: 'dns://:53', zone: '.' };
const corednsFamilies: Family[] = [
  family('coredns_dns_requests_total', COREDNS, (c) => ['A', 'AAAA', 'SRV'].map((type) => [{ ...COREDNS_POD, proto: 'udp', family: '1', type }, c.now * 50] as const)),
  family('coredns_dns_responses_total', COREDNS, (c) => ['NOERROR', 'NXDOMAIN', 'SERVFAIL'].map((rcode) => [{ ...COREDNS_POD, rcode, plugin: 'kubernetes' }, c.now * (rcode === 'NOERROR' ? 100 : 1)] as const)),
  ...histogram('coredns_dns_request_duration_seconds', COREDNS, () => [[{ ...COREDNS_POD, type: 'A' }, 50]], 0.001, [0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032]),
  family('coredns_cache_hits_total', 'coredns.io/plugins/cache', (c) => ['success', 'denial'].map((type) => [{ ...COREDNS_POD, type }, c.now * 40] as const)),
  family('coredns_cache_misses_total', 'coredns.io/plugins/cache', (c) => [[COREDNS_POD, c.now * 10]]),
  family('coredns_panics_total', COREDNS, () => [[COREDNS_POD, 0]]),
];

const ALERTMANAGER_POD = { namespace: 'monitoring', pod: 'alertmanager-main-0', instance: '10.0.3.30:9093', container: 'alertmanager' };
const INTEGRATIONS = ['email', 'pagerduty', 'slack', 'webhook'];
const alertmanagerFamilies: Family[] = [
  family('alertmanager_alerts', ALERTMANAGER, () => ['active', 'suppressed', 'unprocessed'].map((state) => [{ ...ALERTMANAGER_POD, state }, state === 'active' ? 3 : 0] as const)),
  family('alertmanager_alerts_received_total', ALERTMANAGER, (c) => ['firing', 'resolved'].map((status) => [{ ...ALERTMANAGER_POD, status, version: 'v2' }, c.now * 0.1] as const)),
  family('alertmanager_alerts_invalid_total', ALERTMANAGER, () => [[{ ...ALERTMANAGER_POD, version: 'v2' }, 0]]),
  family('alertmanager_notifications_total', RULES, (c) => INTEGRATIONS.map((integration) => [{ ...ALERTMANAGER_POD, integration }, c.now * 0.05] as const)),
  family('alertmanager_notifications_failed_total', RULES, () => INTEGRATIONS.map((integration) => [{ ...ALERTMANAGER_POD, integration, reason: 'other' }, 0] as const)),
  ...histogram('alertmanager_notification_latency_seconds', ALERTMANAGER, () => INTEGRATIONS.map((integration) => [{ ...ALERTMANAGER_POD, integration }, 0.05] as const), 0.5, [1, 5, 10, 15, 20]),
  family('alertmanager_config_last_reload_successful', RULES, () => [[ALERTMANAGER_POD, 1]]),
  family('alertmanager_cluster_members', RULES, () => [[ALERTMANAGER_POD, 2]]),
];

/** The cluster's exporters, by a readable target name (also its URL path on the synthetic server). */
export const TARGETS = {
  'kube-state-metrics': { jobLabels: { job: 'kube-state-metrics' }, families: ksmFamilies },
  'node-exporter': { jobLabels: { job: 'node-exporter' }, families: nodeExporterFamilies },
  kubelet: { jobLabels: { job: 'kubelet', metrics_path: '/metrics' }, families: kubeletFamilies },
  cadvisor: { jobLabels: { job: 'kubelet', metrics_path: '/metrics/cadvisor' }, families: cadvisorFamilies },
  apiserver: { jobLabels: { job: 'apiserver' }, families: apiserverFamilies },
  coredns: { jobLabels: { job: 'coredns' }, families: corednsFamilies },
  alertmanager: { jobLabels: { job: 'alertmanager' }, families: alertmanagerFamilies },
} as const satisfies Record<string, SyntheticTarget>;

export type TargetName = keyof typeof TARGETS;

/** Requests per second a catalog service's target answers, by status code. */
const SERVICE_REQUEST_RATES = { '200': 10, '500': 0.01 } as const;

/**
 * A catalog service's target: a client library's request counter and latency histogram (names from config), and
 * process metrics (Prometheus client libraries' standard process collector). Job = the Service name.
 */
export function serviceTarget(svc: CatalogService, metricNames: { readonly requests: string; readonly latencyBuckets: string }): SyntheticTarget {
  // namespace and pod from service discovery; service and team from the catalog ServiceMonitor's relabelling
  const targetLabels = { namespace: svc.namespace, pod: `${svc.name}-7f9c6d5b4-x2k8p`, service: svc.name, team: svc.team };
  const none: Labels = {};
  const latency = metricNames.latencyBuckets.replace(/_bucket$/, '');
  return {
    jobLabels: { job: svc.name },
    targetLabels,
    families: [
      family(metricNames.requests, 'catalog metric name (config metrics.queries.serviceRequests)', (c) =>
        (['200', '500'] as const).map((code) => [{ code, method: 'GET' }, c.now * SERVICE_REQUEST_RATES[code]] as const),
      ),
      ...histogram(latency, 'catalog metric name (config metrics.queries.serviceLatencyBuckets)', () => [[none, 10]], 0.05, [0.01, 0.05, 0.1, 0.5, 1]),
      family('process_cpu_seconds_total', 'Prometheus client libraries: process collector', (c) => [[none, c.now * 0.2]]),
      family('process_resident_memory_bytes', 'Prometheus client libraries: process collector', () => [[none, 2e8]]),
      family('process_open_fds', 'Prometheus client libraries: process collector', () => [[none, 30]]),
      family('process_max_fds', 'Prometheus client libraries: process collector', () => [[none, 1024]]),
    ],
  };
}

/** The cluster of a shape: deployments (ReplicaSet pods), one StatefulSet pod with a PVC per namespace, a DaemonSet pod per node. */
export function syntheticCluster(shape: ClusterShape, services: readonly CatalogService[] = []): Omit<Cluster, 'now'> {
  const nodes = Array.from({ length: shape.nodes }, (_, i) => ({ name: `ip-10-0-1-${i}.eu-west-1.compute.internal`, ip: `10.0.1.${i}` }));
  const nodeOf = (i: number) => nodes[i % nodes.length]?.name ?? '';
  const pods: SyntheticPod[] = [];
  const deployments: Array<{ namespace: string; deployment: string; replicaset: string }> = [];
  let n = 0;
  for (let ns = 0; ns < shape.namespaces; ns++) {
    const namespace = `team-${String.fromCharCode(97 + ns)}`;
    for (let d = 0; d < shape.deploymentsPerNamespace; d++) {
      const deployment = `app-${d}`;
      const replicaset = `${deployment}-6d8f7c9b5`;
      deployments.push({ namespace, deployment, replicaset });
      for (let p = 0; p < shape.podsPerDeployment; p++) {
        pods.push({ namespace, pod: `${replicaset}-${p}`, node: nodeOf(n++), container: deployment, ownerKind: 'ReplicaSet', ownerName: replicaset, deployment });
      }
    }
    pods.push({ namespace, pod: 'db-0', node: nodeOf(n++), container: 'db', ownerKind: 'StatefulSet', ownerName: 'db', pvc: 'data-db-0' });
  }
  nodes.forEach((node, i) => pods.push({ namespace: 'kube-system', pod: `aws-node-${i}`, node: node.name, container: 'aws-node', ownerKind: 'DaemonSet', ownerName: 'aws-node' }));
  return { nodes, pods, deployments, services };
}

/** The text exposition of one target at time `now` (seconds). */
export function exposition(target: SyntheticTarget, cluster: Omit<Cluster, 'now'>, now: number): string {
  const c: Cluster = { ...cluster, now };
  return `${target.families.map((f) => f.render(c)).filter((s) => s !== '').join('\n')}\n`;
}

/** A running synthetic exporter: each target at `/<name>`. */
export interface SyntheticServer {
  readonly port: number;
  /** Path of a target on the server. */
  path(name: string): string;
  close(): Promise<void>;
}

/** Serves the targets on `host` (a free port the kernel picks); every scrape renders the cluster at that moment. */
export async function serveSyntheticCluster(targets: Readonly<Record<string, SyntheticTarget>>, cluster: Omit<Cluster, 'now'>, host = '127.0.0.1'): Promise<SyntheticServer> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const target = targets[name];
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no synthetic target ${name}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(exposition(target, cluster, Date.now() / 1000));
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    path: (name) => `/${encodeURIComponent(name)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

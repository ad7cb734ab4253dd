/**
 * The Kubernetes system as EKS exposes it: the API server (scraped from `default/kubernetes`), the kubelets (their
 * `/metrics`), kube-state-metrics' own health, CoreDNS, and a disappearance alert for every scrape job the rules
 * depend on. Expressions follow kubernetes-mixin (kube-prometheus) under the same names, so public runbooks apply.
 * The scheduler and controller-manager are hidden by EKS and have no alerts (docs/alerting.md).
 */
import { SCRAPE_JOBS, type ScrapeJob } from '../../../contracts/scrape-jobs.js';
import { labelsOf, simpleAlert } from './builder.js';
import type { AlertContext, AlertDefinition, RecordingRule, RuleGroup, Runbook } from './types.js';

/** Jobs whose disappearance silences other alerts, with the alert that reports it (upstream's name where it has one). */
const DISAPPEARANCE: readonly { readonly job: ScrapeJob; readonly alert: string; readonly what: string; readonly silences: string }[] = [
  { job: 'kubeStateMetrics', alert: 'KubeStateMetricsDown', what: 'kube-state-metrics', silences: 'every workload, node-condition, volume-error and quota alert' },
  { job: 'nodeExporter', alert: 'NodeExporterDown', what: 'node-exporter', silences: 'every Node* alert (filesystems, memory, CPU, network, clock)' },
  { job: 'cadvisor', alert: 'KubeletCadvisorDown', what: "the kubelets' cAdvisor endpoint", silences: 'CPUThrottlingHigh and every container CPU/memory panel' },
  { job: 'coredns', alert: 'CoreDNSDown', what: 'CoreDNS', silences: 'the CoreDNS alerts and dashboard' },
  { job: 'alertmanager', alert: 'AlertmanagerDown', what: 'Alertmanager', silences: 'the Alertmanager alerts (and, if it is really down, every notification)' },
  { job: 'prometheusOperator', alert: 'PrometheusOperatorDown', what: 'prometheus-operator', silences: 'the operator alerts; rule and config changes stop being applied' },
  { job: 'elasticsearch', alert: 'ElasticsearchExporterDown', what: 'the Elasticsearch exporter', silences: 'every Elasticsearch alert' },
  { job: 'logstash', alert: 'LogstashDown', what: 'Logstash', silences: 'every Logstash alert' },
  { job: 'filebeat', alert: 'FilebeatDown', what: 'Filebeat', silences: 'every Filebeat alert' },
];

const runbook = (meaning: string, check: string, mitigate: string): Runbook => ({ meaning, check: [check], mitigate: [mitigate] });

export function systemRules(ctx: AlertContext): RuleGroup {
  const { apiserver: api, kubelet, kubeStateMetrics: ksm, coredns } = ctx.selectors;
  const apiLabels = { ...SCRAPE_JOBS.apiserver, instance: '10.0.1.10:443' };
  const kubeletLabels = { ...SCRAPE_JOBS.kubelet, instance: '10.0.1.1:10250', node: 'ip-10-0-1-1' };
  const kl = labelsOf(kubeletLabels);
  const certRunbook = (who: 'client' | 'server'): Runbook =>
    runbook(
      `The kubelet's ${who} certificate (${who === 'client' ? 'to the API server' : 'serving its API'}) is close to expiry (warning: under 7 days, critical: under a day). On EKS the kubelet rotates it; when rotation fails the node goes NotReady${who === 'server' ? ' or logs/exec stop working' : ''} at expiry.`,
      '`kubectl get csr` for pending or denied kubelet CSRs; the kubelet log on the node (SSM Session Manager) for rotation errors.',
      'Approve the pending CSR, or replace the node (terminate the instance; the node group brings a fresh one).',
    );
  const apiCertRunbook = runbook(
    'A client presents a certificate to the API server that expires soon (warning: under 7 days, critical: under a day); it will be locked out at expiry.',
    'The API server metric `apiserver_client_certificate_expiration_seconds` by instance; EKS audit logs name the client.',
    'Rotate the client credential (kubeconfig, service certificate) before it expires.',
  );
  const kubeletCert = (who: 'client' | 'server', severity: 'warning' | 'critical', seconds: number): AlertDefinition => {
    const metric = `kubelet_certificate_manager_${who}_ttl_seconds`;
    return simpleAlert({
      alert: who === 'client' ? 'KubeletClientCertificateExpiration' : 'KubeletServerCertificateExpiration',
      expr: `${metric} < ${seconds}`,
      severity,
      summary: `Kubelet ${who} certificate is about to expire.`,
      description: `The ${who} certificate of the kubelet on {{ $labels.node }} expires in less than ${seconds / 86400} day(s).`,
      runbook: certRunbook(who),
      at: '5m',
      fires: [[`${metric}{${kl}}`, `${seconds / 2}x10`]],
      labels: kubeletLabels,
      ...(severity === 'critical' ? { alsoFires: ['warning'] } : {}),
      silent: [[`${metric}{${kl}}`, `${30 * 86400}x10`]],
    });
  };
  const apiCert = (severity: 'warning' | 'critical', seconds: number): AlertDefinition => {
    const bucket = (le: number | '+Inf', values: string): readonly [string, string] => [`apiserver_client_certificate_expiration_seconds_bucket{${labelsOf(apiLabels)}, le="${le}"}`, values];
    const count: readonly [string, string] = [`apiserver_client_certificate_expiration_seconds_count{${labelsOf(apiLabels)}}`, '0+10x30'];
    // Every request comes with a certificate whose remaining lifetime is in the bucket (lower, upper]: the 1st
    // percentile lies just above `lower`.
    const within = (lower: number, upper: number) => [bucket(lower, '0x30'), bucket(upper, '0+10x30'), bucket('+Inf', '0+10x30'), count];
    return simpleAlert({
      alert: 'KubeClientCertificateExpiration',
      expr: `histogram_quantile(0.01, sum without (namespace, service, endpoint) (rate(apiserver_client_certificate_expiration_seconds_bucket{${api}}[5m]))) < ${seconds} and on (job, cluster, instance) apiserver_client_certificate_expiration_seconds_count{${api}} > 0`,
      for: '5m',
      severity,
      summary: 'Client certificate is about to expire.',
      description: `A client certificate used to authenticate to the API server {{ $labels.instance }} expires in less than ${seconds / 86400} day(s).`,
      runbook: apiCertRunbook,
      at: '20m',
      fires: severity === 'warning' ? within(86400, 302400) : within(0, 43200),
      labels: { instance: apiLabels.instance, job: apiLabels.job },
      ...(severity === 'critical' ? { alsoFires: ['warning'] } : {}),
      silent: within(604800, 6048000),
    });
  };
  const burnWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
  // API server availability: errors (5xx) over all requests. The 5m ratio parts are recorded once; longer windows
  // sum the recorded 5m rates over time (two series), instead of re-reading every request series over 3 days.
  const recordingRules: RecordingRule[] = [
    { record: 'code:apiserver_request_total:rate5m', expr: `sum by (code) (rate(apiserver_request_total{${api}}[5m]))` },
    ...burnWindows.map((w) => ({
      record: `apiserver_request:burnrate${w}`,
      expr:
        w === '5m'
          ? `sum(code:apiserver_request_total:rate5m{code=~"5.."}) / sum(code:apiserver_request_total:rate5m)`
          : `sum(sum_over_time(code:apiserver_request_total:rate5m{code=~"5.."}[${w}])) / sum(sum_over_time(code:apiserver_request_total:rate5m[${w}]))`,
    })),
    ...(['0.99', '0.9', '0.5'] as const).map((q) => ({
      record: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
      expr: `histogram_quantile(${q}, sum by (cluster, instance, le) (rate(kubelet_pleg_relist_duration_seconds_bucket{${kubelet}}[5m])) * on (cluster, instance) group_left (node) max by (cluster, instance, node) (kubelet_node_name{${kubelet}}))`,
      labels: { quantile: q },
    })),
  ];
  const burnRunbook = runbook(
    "The EKS API server fails too many requests (5xx) for its 99% availability objective: over a long and a short window both, errors exceed the burn-rate factor times the budget (SRE workbook: critical 14.4x over 1h/5m or 6x over 6h/30m; warning 3x over 1d/2h or 1x over 3d/6h). Controllers, kubectl and the operators suffer. Only errors count here: upstream also counts slow requests, which needs per-resource latency histograms that multiply rule cost, and EKS's API latency is AWS's to keep.",
    'The API server dashboard (errors by code and verb); EKS control-plane logs and the AWS Health dashboard.',
    'If it is an EKS incident, wait and open an AWS support case; if a client floods the API (a controller in a hot loop), scale that client down.',
  );
  const requests = (errorsPerMin: number, okPerMin: number): readonly (readonly [string, string])[] => [
    [`apiserver_request_total{${labelsOf(apiLabels)}, verb="GET", code="500"}`, `0+${errorsPerMin}x150`],
    [`apiserver_request_total{${labelsOf(apiLabels)}, verb="GET", code="200"}`, `0+${okPerMin}x150`],
  ];
  const burnOf = (windows: readonly (readonly [string, string, number])[]) =>
    windows.map(([long, short, factor]) => `(sum(apiserver_request:burnrate${long}) > (${factor} * 0.01) and on () sum(apiserver_request:burnrate${short}) > (${factor} * 0.01))`).join(' or ');
  const burn = (severity: 'critical' | 'warning'): AlertDefinition =>
    simpleAlert({
      alert: 'KubeAPIErrorBudgetBurn',
      expr: severity === 'critical' ? burnOf([['1h', '5m', 14.4], ['6h', '30m', 6]]) : burnOf([['1d', '2h', 3], ['3d', '6h', 1]]),
      for: severity === 'critical' ? '2m' : '1h',
      severity,
      summary: 'The API server is burning too much error budget.',
      description:
        severity === 'critical'
          ? 'The API server burns its 99% availability budget fast: errors above 14.4x the budget over 1h and 5m, or 6x over 6h and 30m.'
          : 'The API server burns its 99% availability budget steadily: errors above 3x the budget over 1d and 2h, or 1x over 3d and 6h.',
      runbook: burnRunbook,
      // critical: half the requests fail (the warning is still pending: it needs an hour); warning: 5% fail
      at: severity === 'critical' ? '30m' : '2h',
      fires: severity === 'critical' ? requests(50, 50) : requests(5, 95),
      labels: {},
      silent: severity === 'critical' ? requests(5, 95) : requests(0, 100),
    });
  const alerts: AlertDefinition[] = [
    simpleAlert({
      alert: 'KubeAPIDown',
      expr: `absent(up{${api}})`,
      for: '15m',
      severity: 'critical',
      summary: 'Target disappeared from Prometheus target discovery.',
      description: 'The API server has disappeared from Prometheus target discovery.',
      runbook: runbook(
        'Prometheus cannot scrape any API server endpoint: the EKS control plane is unreachable from the cluster, or the scrape (RBAC for /metrics, NetworkPolicy egress to the control-plane ENIs) broke. Every alert on API server metrics is blind.',
        'Prometheus Targets page (job apiserver); `kubectl get --raw /metrics | head` with the Prometheus ServiceAccount (`kubectl auth can-i get /metrics --as=system:serviceaccount:monitoring:prometheus`).',
        'Restore RBAC/NetworkPolicy from charts-out; if the control plane is down, follow the AWS Health dashboard.',
      ),
      at: '20m',
      fires: [[`up{job="other"}`, '1x30']],
      labels: { job: SCRAPE_JOBS.apiserver.job },
      silent: [[`up{${labelsOf(apiLabels)}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeAPIInstanceUnreachable',
      expr: `up{${api}} == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'An API server endpoint is unreachable from Prometheus.',
      description: 'API server endpoint {{ $labels.instance }} has not been scraped successfully for 15 minutes.',
      runbook: runbook('One of the EKS control-plane endpoints does not answer Prometheus; the others may.', 'Prometheus Targets page (job apiserver): the scrape error of that endpoint.', 'Usually transient during EKS control-plane updates; if it persists, check the AWS Health dashboard.'),
      at: '20m',
      fires: [[`up{${labelsOf(apiLabels)}}`, '0x30']],
      labels: apiLabels,
      silent: [[`up{${labelsOf(apiLabels)}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeAPITerminatedRequests',
      expr: `sum by (cluster) (rate(apiserver_request_terminations_total{${api}}[10m])) / (sum by (cluster) (rate(apiserver_request_total{${api}}[10m])) + sum by (cluster) (rate(apiserver_request_terminations_total{${api}}[10m]))) > 0.20`,
      for: '5m',
      severity: 'warning',
      summary: 'The API server has terminated more than 20% of its incoming requests.',
      description: 'The API server has terminated more than 20% of its incoming requests (API Priority and Fairness or overload).',
      runbook: runbook('The API server rejects requests to protect itself: clients retry and slow down.', '`kubectl get --raw /metrics | grep apiserver_flowcontrol_rejected_requests_total` by flow schema: which client floods it.', 'Scale down or fix the flooding client; EKS scales the control plane by itself.'),
      at: '20m',
      fires: [[`apiserver_request_terminations_total{${labelsOf(apiLabels)}}`, '0+50x30'], [`apiserver_request_total{${labelsOf(apiLabels)}}`, '0+50x30']],
      labels: {},
      silent: [[`apiserver_request_terminations_total{${labelsOf(apiLabels)}}`, '0x30'], [`apiserver_request_total{${labelsOf(apiLabels)}}`, '0+50x30']],
    }),
    simpleAlert({
      alert: 'KubeAggregatedAPIErrors',
      expr: `sum by (cluster, instance, name, reason) (increase(aggregator_unavailable_apiservice_total{${api}}[5m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'An aggregated API has reported errors.',
      description: 'The aggregated API {{ $labels.name }} has reported {{ $labels.reason }} errors on {{ $labels.instance }}.',
      runbook: runbook('An APIService (e.g. metrics.k8s.io from metrics-server) is flapping; `kubectl top` and HPAs that use it fail intermittently.', '`kubectl get apiservice <name> -o yaml` (status conditions) and the backing Deployment.', 'Fix or restart the backing service; remove the APIService if nothing serves it.'),
      at: '20m',
      fires: [[`aggregator_unavailable_apiservice_total{${labelsOf(apiLabels)}, name="v1beta1.metrics.k8s.io", reason="FailedDiscoveryCheck"}`, '0+1x30']],
      labels: { instance: apiLabels.instance, name: 'v1beta1.metrics.k8s.io', reason: 'FailedDiscoveryCheck' },
      silent: [[`aggregator_unavailable_apiservice_total{${labelsOf(apiLabels)}, name="v1beta1.metrics.k8s.io", reason="FailedDiscoveryCheck"}`, '3x30']],
    }),
    simpleAlert({
      alert: 'KubeAggregatedAPIDown',
      expr: `(1 - max by (name, namespace, cluster) (avg_over_time(aggregator_unavailable_apiservice{${api}}[10m]))) * 100 < 85`,
      for: '5m',
      severity: 'warning',
      summary: 'An aggregated API is down.',
      description: 'The aggregated API {{ $labels.name }} has been available less than 85% of the last 10 minutes.',
      runbook: runbook('An APIService is unavailable most of the time; whatever uses it (HPAs on metrics.k8s.io, `kubectl top`) is broken.', '`kubectl get apiservice` (AVAILABLE column) and the backing pods.', 'Restore the backing service (metrics-server add-on) or delete the stale APIService.'),
      at: '20m',
      fires: [[`aggregator_unavailable_apiservice{${labelsOf(apiLabels)}, name="v1beta1.metrics.k8s.io"}`, '1x30']],
      labels: { name: 'v1beta1.metrics.k8s.io' },
      silent: [[`aggregator_unavailable_apiservice{${labelsOf(apiLabels)}, name="v1beta1.metrics.k8s.io"}`, '0x30']],
    }),
    apiCert('warning', 604800),
    apiCert('critical', 86400),
    burn('critical'),
    burn('warning'),
    simpleAlert({
      alert: 'KubeClientErrors',
      expr: `(sum by (cluster, instance, job, namespace) (rate(rest_client_requests_total{${api}, code=~"5.."}[5m])) / sum by (cluster, instance, job, namespace) (rate(rest_client_requests_total{${api}}[5m]))) > 0.01`,
      for: '15m',
      severity: 'warning',
      summary: 'Kubernetes API server client is experiencing errors.',
      description: "The API server's own client on {{ $labels.instance }} sees more than 1% errors.",
      runbook: runbook('The API server fails talking to what it calls (webhooks, aggregated APIs).', 'Admission webhooks: `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations` and their backing services.', 'Fix or remove the failing webhook (failurePolicy Ignore for non-critical ones).'),
      at: '20m',
      fires: [[`rest_client_requests_total{${labelsOf(apiLabels)}, code="500"}`, '0+10x30'], [`rest_client_requests_total{${labelsOf(apiLabels)}, code="200"}`, '0+90x30']],
      labels: { instance: apiLabels.instance, job: SCRAPE_JOBS.apiserver.job },
      silent: [[`rest_client_requests_total{${labelsOf(apiLabels)}, code="500"}`, '0x30'], [`rest_client_requests_total{${labelsOf(apiLabels)}, code="200"}`, '0+90x30']],
    }),
    simpleAlert({
      alert: 'KubeVersionMismatch',
      expr: `count(count by (git_version) (label_replace(kubernetes_build_info{job!~"kube-dns|coredns"}, "git_version", "$1", "git_version", "(v[0-9]*.[0-9]*).*"))) > 1`,
      for: '15m',
      severity: 'warning',
      ticket: true,
      summary: 'Different semantic versions of Kubernetes components running.',
      description: 'The API server and the kubelets run different minor versions of Kubernetes for more than 15 minutes.',
      runbook: runbook('A node group lags behind the control plane after an EKS upgrade (or during one).', '`kubectl get nodes -o wide` (VERSION column) against `aws eks describe-cluster --query cluster.version`.', 'Finish the upgrade: update the node group AMI/version in config and apply.'),
      at: '20m',
      fires: [[`kubernetes_build_info{${labelsOf(apiLabels)}, git_version="v1.31.2-eks-1"}`, '1x30'], [`kubernetes_build_info{${kl}, git_version="v1.30.5-eks-2"}`, '1x30']],
      labels: {},
      silent: [[`kubernetes_build_info{${labelsOf(apiLabels)}, git_version="v1.31.2-eks-1"}`, '1x30'], [`kubernetes_build_info{${kl}, git_version="v1.31.4-eks-3"}`, '1x30']],
    }),
    // kubelet
    simpleAlert({
      alert: 'KubeletDown',
      expr: `count by (cluster) (kube_node_info{${ksm}}) unless on (cluster) count by (cluster) (up{${kubelet}} == 1)`,
      for: '15m',
      severity: 'critical',
      summary: 'Target disappeared from Prometheus target discovery.',
      description: 'Kubelet has disappeared from Prometheus target discovery: nodes exist but no kubelet is scraped.',
      runbook: runbook('No kubelet is scraped although nodes exist: every kubelet and volume alert is blind.', 'Prometheus Targets (job kubelet); the `kube-system/kubelet` Service prometheus-operator maintains (`--kubelet-service`); RBAC nodes/metrics.', 'Restore the kubelet Service (the operator recreates it) and the ClusterRole from charts-out.'),
      at: '20m',
      fires: [[`kube_node_info{${ksm}, node="ip-10-0-1-1"}`, '1x30']],
      labels: {},
      silent: [[`kube_node_info{${ksm}, node="ip-10-0-1-1"}`, '1x30'], [`up{${kl}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeletInstanceUnreachable',
      expr: `up{${kubelet}} == 0`,
      for: '15m',
      severity: 'warning',
      summary: 'A kubelet is unreachable from Prometheus.',
      description: 'The kubelet {{ $labels.instance }} has not been scraped successfully for 15 minutes.',
      runbook: runbook('One kubelet does not answer: its node is gone, or the node security group blocks 10250 from the pods.', 'Prometheus Targets page (job kubelet) for the error; `kubectl get node` for that node.', 'Replace the node if it is unhealthy; otherwise fix the node security group rule for 10250.'),
      at: '20m',
      fires: [[`up{${kl}}`, '0x30']],
      labels: kubeletLabels,
      silent: [[`up{${kl}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeNodePressure',
      expr: `kube_node_status_condition{${ksm}, condition=~"(MemoryPressure|DiskPressure|PIDPressure)", status="true"} == 1 and on (cluster, node) kube_node_spec_unschedulable{${ksm}} == 0`,
      for: '10m',
      severity: 'info',
      summary: 'Node has an active condition.',
      description: 'Node {{ $labels.node }} has had the {{ $labels.condition }} condition for 10 minutes; the kubelet evicts pods to recover.',
      runbook: runbook('The node is short of memory, disk or PIDs and starts evicting pods.', '`kubectl describe node <node>` (Conditions, Allocated resources).', 'Move or right-size the heavy pods; raise the root volume size of the node group for DiskPressure.'),
      at: '20m',
      fires: [[`kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="MemoryPressure", status="true"}`, '1x30'], [`kube_node_spec_unschedulable{${ksm}, node="ip-10-0-1-1"}`, '0x30']],
      labels: { ...SCRAPE_JOBS.kubeStateMetrics, node: 'ip-10-0-1-1', condition: 'MemoryPressure', status: 'true' },
      silent: [[`kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="MemoryPressure", status="true"}`, '1x30'], [`kube_node_spec_unschedulable{${ksm}, node="ip-10-0-1-1"}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeNodeEviction',
      expr: `sum by (cluster, eviction_signal, instance) (rate(kubelet_evictions{${kubelet}}[15m])) * on (cluster, instance) group_left (node) max by (cluster, instance, node) (kubelet_node_name{${kubelet}}) > 0`,
      severity: 'info',
      summary: 'Node is evicting pods.',
      description: 'The kubelet on {{ $labels.node }} is evicting pods on {{ $labels.eviction_signal }}.',
      runbook: runbook('The node evicts pods because of resource pressure; evicted pods stay Failed until collected.', '`kubectl get pods -A --field-selector spec.nodeName=<node>,status.phase=Failed`.', 'As for KubeNodePressure: right-size the pods or the node.'),
      at: '10m',
      fires: [[`kubelet_evictions{${kl}, eviction_signal="memory.available"}`, '0+1x20'], [`kubelet_node_name{${kl}}`, '1x20']],
      labels: { instance: kubeletLabels.instance, node: kubeletLabels.node, eviction_signal: 'memory.available' },
      silent: [[`kubelet_evictions{${kl}, eviction_signal="memory.available"}`, '4x20'], [`kubelet_node_name{${kl}}`, '1x20']],
    }),
    simpleAlert({
      alert: 'KubeletPlegDurationHigh',
      expr: `node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{quantile="0.99"} >= 10`,
      for: '5m',
      severity: 'warning',
      summary: 'Kubelet Pod Lifecycle Event Generator is taking too long to relist.',
      description: 'The kubelet on {{ $labels.node }} takes 10 seconds or more (p99) to relist pods; it is about to go NotReady.',
      runbook: runbook('The container runtime answers slowly (overloaded node, disk I/O); the kubelet falls behind.', 'Node CPU and disk I/O (Node dashboard); containerd logs on the node.', 'Drain and replace the node; spread the heavy workloads.'),
      at: '15m',
      fires: [[`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="1"}`, '0x20'], [`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="30"}`, '0+10x20'], [`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="+Inf"}`, '0+10x20'], [`kubelet_node_name{${kl}}`, '1x20']],
      labels: { instance: kubeletLabels.instance, node: kubeletLabels.node, quantile: '0.99' },
      silent: [[`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="1"}`, '0+10x20'], [`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="30"}`, '0+10x20'], [`kubelet_pleg_relist_duration_seconds_bucket{${kl}, le="+Inf"}`, '0+10x20'], [`kubelet_node_name{${kl}}`, '1x20']],
    }),
    simpleAlert({
      alert: 'KubeletPodStartUpLatencyHigh',
      expr: `histogram_quantile(0.99, sum by (cluster, instance, le) (topk by (cluster, instance, le, operation_type) (1, rate(kubelet_pod_worker_duration_seconds_bucket{${kubelet}}[5m])))) * on (cluster, instance) group_left (node) topk by (cluster, instance, node) (1, kubelet_node_name{${kubelet}}) > 60`,
      for: '15m',
      severity: 'warning',
      summary: 'Kubelet Pod startup latency is too high.',
      description: 'Pods on {{ $labels.node }} take more than 60 seconds (p99) to start.',
      runbook: runbook('Pod starts are slow on this node: image pulls, volume attachment or an overloaded runtime.', 'Events of recently started pods on the node (`kubectl get events --field-selector involvedObject.kind=Pod`).', 'Pre-pull large images, check EBS attach times, or replace the node.'),
      at: '25m',
      fires: [[`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="10"}`, '0x30'], [`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="120"}`, '0+5x30'], [`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="+Inf"}`, '0+5x30'], [`kubelet_node_name{${kl}}`, '1x30']],
      labels: { instance: kubeletLabels.instance, node: kubeletLabels.node },
      silent: [[`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="10"}`, '0+5x30'], [`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="120"}`, '0+5x30'], [`kubelet_pod_worker_duration_seconds_bucket{${kl}, operation_type="create", le="+Inf"}`, '0+5x30'], [`kubelet_node_name{${kl}}`, '1x30']],
    }),
    kubeletCert('client', 'warning', 604800),
    kubeletCert('client', 'critical', 86400),
    kubeletCert('server', 'warning', 604800),
    kubeletCert('server', 'critical', 86400),
    ...(['client', 'server'] as const).map((who) => {
      const metric = who === 'client' ? 'kubelet_certificate_manager_client_expiration_renew_errors' : 'kubelet_server_expiration_renew_errors';
      return simpleAlert({
        alert: who === 'client' ? 'KubeletClientCertificateRenewalErrors' : 'KubeletServerCertificateRenewalErrors',
        expr: `increase(${metric}[5m]) > 0`,
        for: '15m',
        severity: 'warning',
        summary: `Kubelet has failed to renew its ${who} certificate.`,
        description: `The kubelet on {{ $labels.node }} has failed to renew its ${who} certificate in the last 5 minutes.`,
        runbook: certRunbook(who),
        at: '25m',
        fires: [[`${metric}{${kl}}`, '0+1x30']],
        labels: kubeletLabels,
        silent: [[`${metric}{${kl}}`, '2x30']],
      });
    }),
    // kube-state-metrics' own health
    ...(['list', 'watch'] as const).map((op) =>
      simpleAlert({
        alert: op === 'list' ? 'KubeStateMetricsListErrors' : 'KubeStateMetricsWatchErrors',
        expr: `(sum(rate(kube_state_metrics_${op}_total{${ksm}, result="error"}[5m])) / sum(rate(kube_state_metrics_${op}_total{${ksm}}[5m]))) > 0.01`,
        for: '15m',
        severity: 'critical',
        summary: `kube-state-metrics is experiencing errors in ${op} operations.`,
        description: `kube-state-metrics fails more than 1% of its ${op} calls to the API server; its metrics (and the alerts on them) are stale or missing.`,
        runbook: runbook('kube-state-metrics cannot read some resources: RBAC is missing a resource, or the API server rejects it.', '`kubectl -n monitoring logs deploy/kube-state-metrics` for "forbidden" or "failed to list".', 'Add the resource to its ClusterRole (cdk8s/metrics/kube-state-metrics.ts) or drop it from its --resources.'),
        at: '25m',
        fires: [[`kube_state_metrics_${op}_total{${ksm}, resource="pods", result="error"}`, '0+5x30'], [`kube_state_metrics_${op}_total{${ksm}, resource="pods", result="success"}`, '0+5x30']],
        labels: {},
        silent: [[`kube_state_metrics_${op}_total{${ksm}, resource="pods", result="error"}`, '0x30'], [`kube_state_metrics_${op}_total{${ksm}, resource="pods", result="success"}`, '0+5x30']],
      }),
    ),
    simpleAlert({
      alert: 'KubeStateMetricsShardingMismatch',
      expr: `stdvar by (cluster) (kube_state_metrics_total_shards{${ksm}}) != 0`,
      for: '15m',
      severity: 'critical',
      summary: 'kube-state-metrics sharding is misconfigured.',
      description: 'kube-state-metrics instances disagree on the number of shards; some objects are exposed twice or not at all.',
      runbook: runbook('Only relevant once kube-state-metrics is sharded: its pods run with different --total-shards.', '`kubectl -n monitoring get pods -l app.kubernetes.io/name=kube-state-metrics -o yaml | grep total-shards`.', 'Roll the pods so they all run the same arguments.'),
      at: '20m',
      fires: [[`kube_state_metrics_total_shards{${ksm}, instance="a"}`, '2x30'], [`kube_state_metrics_total_shards{${ksm}, instance="b"}`, '3x30']],
      labels: {},
      silent: [[`kube_state_metrics_total_shards{${ksm}, instance="a"}`, '1x30']],
    }),
    simpleAlert({
      alert: 'KubeStateMetricsShardsMissing',
      expr: `2 ^ max by (cluster) (kube_state_metrics_total_shards{${ksm}}) - 1 - sum by (cluster) (2 ^ max by (cluster, shard_ordinal) (kube_state_metrics_shard_ordinal{${ksm}})) != 0`,
      for: '15m',
      severity: 'critical',
      summary: 'kube-state-metrics shards are missing.',
      description: 'Some kube-state-metrics shards are not running; the objects they own have no metrics.',
      runbook: runbook('A shard of kube-state-metrics is down (with one shard, the only instance).', '`kubectl -n monitoring get pods -l app.kubernetes.io/name=kube-state-metrics`.', 'Bring the missing shard back (see KubeStateMetricsDown).'),
      at: '20m',
      fires: [[`kube_state_metrics_total_shards{${ksm}, instance="a"}`, '2x30'], [`kube_state_metrics_shard_ordinal{${ksm}, instance="a", shard_ordinal="0"}`, '0x30']],
      labels: {},
      silent: [[`kube_state_metrics_total_shards{${ksm}, instance="a"}`, '1x30'], [`kube_state_metrics_shard_ordinal{${ksm}, instance="a", shard_ordinal="0"}`, '0x30']],
    }),
    simpleAlert({
      alert: 'NodeTextFileCollectorScrapeError',
      expr: `node_textfile_scrape_error{${ctx.selectors.nodeExporter}} == 1`,
      severity: 'warning',
      summary: 'Node Exporter text file collector failed to scrape.',
      description: 'The text file collector of node-exporter on {{ $labels.instance }} failed to read a .prom file.',
      runbook: runbook('A file dropped for node-exporter\'s text file collector cannot be parsed; its metrics are missing.', 'The node-exporter log on that node names the file.', 'Fix or remove the file (written by a host agent).'),
      at: '5m',
      fires: [[`node_textfile_scrape_error{${ctx.selectors.nodeExporter}, instance="10.0.1.1:9100"}`, '1x10']],
      labels: { ...SCRAPE_JOBS.nodeExporter, instance: '10.0.1.1:9100' },
      silent: [[`node_textfile_scrape_error{${ctx.selectors.nodeExporter}, instance="10.0.1.1:9100"}`, '0x10']],
    }),
    // CoreDNS (EKS add-on in kube-system)
    simpleAlert({
      alert: 'CoreDNSErrorsHigh',
      expr: `sum without (pod, instance, server, zone, view, rcode, plugin) (rate(coredns_dns_responses_total{${coredns}, rcode="SERVFAIL"}[5m])) / sum without (pod, instance, server, zone, view, rcode, plugin) (rate(coredns_dns_responses_total{${coredns}}[5m])) > 0.03`,
      for: '10m',
      severity: 'warning',
      summary: 'CoreDNS is returning SERVFAIL for more than 3% of requests.',
      description: 'CoreDNS in {{ $labels.namespace }} answers more than 3% of queries with SERVFAIL; name resolution in pods fails intermittently.',
      runbook: runbook('CoreDNS cannot resolve upstream names (the VPC resolver) or is overloaded.', '`kubectl -n kube-system logs -l k8s-app=kube-dns`; the CoreDNS dashboard (responses by rcode, latency).', 'Scale CoreDNS (EKS add-on configuration) or fix the upstream resolver (VPC DNS, Route 53 Resolver rules).'),
      at: '20m',
      fires: [[`coredns_dns_responses_total{${labelsOf(SCRAPE_JOBS.coredns)}, namespace="kube-system", pod="coredns-1", rcode="SERVFAIL"}`, '0+10x30'], [`coredns_dns_responses_total{${labelsOf(SCRAPE_JOBS.coredns)}, namespace="kube-system", pod="coredns-1", rcode="NOERROR"}`, '0+90x30']],
      labels: { ...SCRAPE_JOBS.coredns, namespace: 'kube-system' },
      silent: [[`coredns_dns_responses_total{${labelsOf(SCRAPE_JOBS.coredns)}, namespace="kube-system", pod="coredns-1", rcode="SERVFAIL"}`, '0x30'], [`coredns_dns_responses_total{${labelsOf(SCRAPE_JOBS.coredns)}, namespace="kube-system", pod="coredns-1", rcode="NOERROR"}`, '0+90x30']],
    }),
    // disappearance of every scrape job the rules depend on (the API server and the kubelets have theirs above)
    ...DISAPPEARANCE.map((d) =>
      simpleAlert({
        alert: d.alert,
        expr: `absent(up{${ctx.selectors[d.job]}} == 1)`,
        for: '15m',
        severity: 'critical',
        summary: 'Target disappeared from Prometheus target discovery.',
        description: `${d.what} has disappeared from Prometheus target discovery, or no instance of it is up; ${d.silences} stop firing.`,
        runbook: runbook(
          `Prometheus scrapes no healthy ${d.what} target (job ${SCRAPE_JOBS[d.job].job}). Alerts that read its metrics cannot fire: ${d.silences} are blind until it is back.`,
          `Prometheus Targets page (job ${SCRAPE_JOBS[d.job].job}); the pods and the ServiceMonitor/PodMonitor of ${d.what}; the NetworkPolicies between Prometheus and it.`,
          `Bring ${d.what} back (restart, fix its config, restore its ServiceMonitor and NetworkPolicy from charts-out).`,
        ),
        at: '20m',
        fires: [[`up{${labelsOf(SCRAPE_JOBS[d.job])}, instance="10.0.2.1:8080"}`, '0x30']],
        labels: {},
        silent: [[`up{${labelsOf(SCRAPE_JOBS[d.job])}, instance="10.0.2.1:8080"}`, '1x30']],
      }),
    ),
  ];
  return { name: 'kubernetes-system', recordingRules, alerts };
}

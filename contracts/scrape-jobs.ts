/**
 * Scrape jobs: the labels each target's series carry (`job`, and `metrics_path` where one job serves several
 * endpoints). The one source of the selectors that alert rules, recording rules and dashboards use, and of the job
 * names the scrape objects produce (the ServiceMonitor/PodMonitor name or its job label). kubernetes-mixin and
 * kube-prometheus use the same names, so upstream rules and tests read naturally here.
 */
export const SCRAPE_JOBS = {
  kubeStateMetrics: { job: 'kube-state-metrics' },
  nodeExporter: { job: 'node-exporter' },
  /** The kubelet's own metrics (pods, PLEG, certificates, volume stats). */
  kubelet: { job: 'kubelet', metrics_path: '/metrics' },
  /** Containers (cAdvisor, served by the kubelet). */
  cadvisor: { job: 'kubelet', metrics_path: '/metrics/cadvisor' },
  /** Liveness/readiness/startup probe results (served by the kubelet). */
  kubeletProbes: { job: 'kubelet', metrics_path: '/metrics/probes' },
  /** Pod and node resource usage as the kubelet reports it to the metrics pipeline. */
  kubeletResource: { job: 'kubelet', metrics_path: '/metrics/resource' },
  /** The EKS API server (`default/kubernetes`). */
  apiserver: { job: 'apiserver' },
  /** CoreDNS (`kube-system/kube-dns`, the EKS add-on). */
  coredns: { job: 'coredns' },
  prometheus: { job: 'prometheus' },
  alertmanager: { job: 'alertmanager' },
  prometheusOperator: { job: 'prometheus-operator' },
  elasticsearch: { job: 'elasticsearch-exporter' },
  logstash: { job: 'logstash' },
  filebeat: { job: 'filebeat' },
  /** The Envoy proxies Envoy Gateway runs for the platform Gateway (the data plane; `envoy-gateway` is its controller). */
  envoyProxy: { job: 'envoy-proxy' },
} as const satisfies Record<string, Readonly<Record<string, string>>>;

export type ScrapeJob = keyof typeof SCRAPE_JOBS;

/** PromQL matchers without braces, e.g. `job="kubelet", metrics_path="/metrics"`. */
export function jobSelector(job: ScrapeJob): string {
  return Object.entries(SCRAPE_JOBS[job])
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

/** Every job's selector, by job. */
export type ScrapeSelectors = { readonly [K in ScrapeJob]: string };

export const SCRAPE_SELECTORS: ScrapeSelectors = Object.fromEntries(
  (Object.keys(SCRAPE_JOBS) as ScrapeJob[]).map((k) => [k, jobSelector(k)]),
) as ScrapeSelectors;

/** What dashboards and recording rules query: the scrape selectors plus the catalog's metric names (config). */
export interface QuerySelectors extends ScrapeSelectors {
  readonly serviceRequests: string;
  readonly serviceErrors: string;
  readonly serviceLatencyBuckets: string;
}

export function querySelectors(metricNames: { serviceRequests: string; serviceErrors: string; serviceLatencyBuckets: string }): QuerySelectors {
  return { ...SCRAPE_SELECTORS, ...metricNames };
}

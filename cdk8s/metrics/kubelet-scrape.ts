import { Construct } from 'constructs';
import {
  ServiceMonitorSpecEndpointsMetricRelabelingsAction,
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/monitoring.coreos.com.js';
import { Scrape } from '../lib/monitoring.js';
import { KUBELET_SERVICE } from '../../contracts/operators.js';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';

export interface KubeletScrapeProps {
  /**
   * Namespace of the kubelet Service that prometheus-operator maintains (its `--kubelet-service` flag, set by the
   * addons stack to `kube-system/kubelet`).
   * @default 'kube-system'
   */
  readonly namespace?: string;
}

const TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/**
 * ServiceMonitors for the kubelet on every node: its own metrics (`/metrics`), the containers' (`/metrics/cadvisor`,
 * which workload dashboards need), probe results (`/metrics/probes`) and resource usage (`/metrics/resource`). Each
 * endpoint's path becomes the `metrics_path` label (contracts/scrape-jobs.ts). Prometheus authenticates with its
 * ServiceAccount token; the only permission it needs is `get` on `nodes/metrics`.
 */
export class KubeletScrape extends Construct {
  constructor(scope: Construct, id: string, props: KubeletScrapeProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? KUBELET_SERVICE.namespace;
    const endpoint = {
      bearerTokenFile: TOKEN,
      // The kubelet's serving certificate is self-signed on EKS nodes unless serving-cert rotation is approved;
      // the CA still pins the issuer when it is.
      tlsConfig: { caFile: CA, insecureSkipVerify: true },
      honorLabels: true,
      relabelings: [{ sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path', action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE }],
    };
    // prometheus-operator labels its kubelet Service app.kubernetes.io/name=kubelet; that value becomes the job label.
    const common = { namespace, serviceSelector: { 'app.kubernetes.io/name': SCRAPE_JOBS.kubelet.job }, port: 'https-metrics', scheme: 'https', jobLabel: 'app.kubernetes.io/name' } as const;
    new Scrape(this, 'Kubelet', { ...common, name: 'kubelet', path: SCRAPE_JOBS.kubelet.metrics_path, endpoint });
    new Scrape(this, 'Probes', { ...common, name: 'kubelet-probes', path: SCRAPE_JOBS.kubeletProbes.metrics_path, endpoint });
    new Scrape(this, 'Resource', { ...common, name: 'kubelet-resource', path: SCRAPE_JOBS.kubeletResource.metrics_path, endpoint });
    new Scrape(this, 'Cadvisor', {
      ...common,
      name: 'kubelet-cadvisor',
      path: SCRAPE_JOBS.cadvisor.metrics_path,
      endpoint: {
        ...endpoint,
        // Per-container series only; the pause container and cgroup roll-ups multiply cardinality for nothing.
        metricRelabelings: [
          { sourceLabels: ['container'], regex: 'POD', action: ServiceMonitorSpecEndpointsMetricRelabelingsAction.DROP },
          { sourceLabels: ['__name__'], regex: 'container_(network_tcp_usage_total|network_udp_usage_total|tasks_state|memory_failures_total)', action: ServiceMonitorSpecEndpointsMetricRelabelingsAction.DROP },
        ],
      },
    });
  }
}

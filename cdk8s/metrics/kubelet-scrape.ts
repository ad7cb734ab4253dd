import { Construct } from 'constructs';
import {
  ServiceMonitorSpecEndpointsMetricRelabelingsAction,
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/monitoring.coreos.com.js';
import { Scrape } from '../lib/monitoring.js';
import { KUBELET_SERVICE } from '../../contracts/operators.js';

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
 * ServiceMonitors for the kubelet on every node: its own metrics (`/metrics`) and the containers' (`/metrics/cadvisor`,
 * which workload dashboards need). Prometheus authenticates with its ServiceAccount token (RBAC: nodes/metrics).
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
    const common = { namespace, serviceSelector: { 'app.kubernetes.io/name': 'kubelet' }, port: 'https-metrics', scheme: 'https', jobLabel: 'app.kubernetes.io/name' } as const;
    new Scrape(this, 'Kubelet', { ...common, name: 'kubelet', endpoint });
    new Scrape(this, 'Cadvisor', {
      ...common,
      name: 'kubelet-cadvisor',
      path: '/metrics/cadvisor',
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

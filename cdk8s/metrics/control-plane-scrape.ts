import { Construct } from 'constructs';
import {
  ServiceMonitorSpecEndpointsMetricRelabelingsAction,
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/monitoring.coreos.com.js';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { Scrape } from '../lib/monitoring.js';

const TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';

/** Histogram families of the API server that no rule or dashboard here reads and that dominate its series count. */
const API_SERVER_DROPPED =
  'apiserver_(request_body_size_bytes|response_sizes|watch_events_sizes|request_sli_duration_seconds|request_slo_duration_seconds|request_duration_seconds|watch_list_duration_seconds)_bucket|apiserver_admission_.+_bucket|etcd_request_duration_seconds_bucket|etcd_request_sizes_bytes_bucket|workqueue_.+_bucket';

export interface ControlPlaneScrapeProps {
  /**
   * Namespace and name of the EKS CoreDNS add-on's Service (it serves metrics on its port `metrics`, 9153).
   * @default - { namespace: 'kube-system', name: 'kube-dns' }
   */
  readonly coredns?: { readonly namespace: string; readonly selector: Readonly<Record<string, string>> };
}

/**
 * What EKS exposes of its control plane: the API server's `/metrics` through `default/kubernetes` (job `apiserver`,
 * from the Service's `component` label) and CoreDNS (job `coredns`). The scheduler and controller-manager are not
 * reachable on EKS. Prometheus authenticates to the API server with its ServiceAccount token; RBAC: `get` on the
 * non-resource URL `/metrics` (the Prometheus ClusterRole). Its egress already allows the control-plane ENIs and every
 * pod in the VPC (cdk8s/metrics/prometheus.ts); nothing else opens.
 */
export class ControlPlaneScrape extends Construct {
  constructor(scope: Construct, id: string, props: ControlPlaneScrapeProps = {}) {
    super(scope, id);
    new Scrape(this, 'ApiServer', {
      name: SCRAPE_JOBS.apiserver.job,
      namespace: 'default',
      serviceSelector: { component: 'apiserver', provider: 'kubernetes' },
      port: 'https',
      scheme: 'https',
      jobLabel: 'component',
      endpoint: {
        bearerTokenFile: TOKEN,
        tlsConfig: { caFile: CA, serverName: 'kubernetes' },
        metricRelabelings: [{ sourceLabels: ['__name__'], regex: API_SERVER_DROPPED, action: ServiceMonitorSpecEndpointsMetricRelabelingsAction.DROP }],
      },
    });
    const coredns = props.coredns ?? { namespace: 'kube-system', selector: { 'k8s-app': 'kube-dns' } };
    new Scrape(this, 'CoreDns', {
      name: SCRAPE_JOBS.coredns.job,
      namespace: coredns.namespace,
      serviceSelector: coredns.selector,
      port: 'metrics',
      endpoint: {
        relabelings: [{ targetLabel: 'job', replacement: SCRAPE_JOBS.coredns.job, action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE }],
      },
    });
  }
}

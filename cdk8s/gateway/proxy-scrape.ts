import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpointsRelabelingsAction } from '../../imports/monitoring.coreos.com.js';
import { ENVOY_PROXY_METRICS } from '../../contracts/operators.js';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { PROMETHEUS_SELECTOR } from '../lib/monitoring.js';

export interface ProxyScrapeProps {
  /** The Gateway whose proxies are scraped (Envoy Gateway labels each proxy pod with its owning Gateway). */
  readonly gateway: { readonly name: string; readonly namespace: string };
  /**
   * Namespace the proxies run in: Envoy Gateway's own (its default deployment mode).
   * @default ENVOY_PROXY_METRICS.namespace ('envoy-gateway-system')
   */
  readonly proxyNamespace?: string;
}

/**
 * A PodMonitor for the Envoy proxies of one Gateway (the data plane: requests, rate limiting, authentication), at
 * `/stats/prometheus` on their `metrics` port, with `job="envoy-proxy"` (contracts/scrape-jobs.ts) instead of the
 * PodMonitor default `<namespace>/<name>`. The controller itself is scraped separately (`envoy-gateway`).
 */
export class ProxyScrape extends Construct {
  readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: ProxyScrapeProps) {
    super(scope, id);
    const namespace = props.proxyNamespace ?? ENVOY_PROXY_METRICS.namespace;
    const job = SCRAPE_JOBS.envoyProxy.job;
    const owner = ENVOY_PROXY_METRICS.owningGatewayLabels;
    this.podMonitor = new PodMonitor(this, 'Resource', {
      metadata: { name: job, namespace, labels: { ...PROMETHEUS_SELECTOR } },
      spec: {
        selector: {
          matchLabels: { ...ENVOY_PROXY_METRICS.pods, [owner.name]: props.gateway.name, [owner.namespace]: props.gateway.namespace },
        },
        namespaceSelector: { matchNames: [namespace] },
        podMetricsEndpoints: [
          {
            port: ENVOY_PROXY_METRICS.port,
            path: ENVOY_PROXY_METRICS.path,
            relabelings: [{ targetLabel: 'job', replacement: job, action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE }],
          },
        ],
      },
    });
  }
}

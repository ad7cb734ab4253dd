/**
 * How the stack's Prometheus finds what to scrape and which rules to load: every ServiceMonitor, PodMonitor and
 * PrometheusRule that carries {@link PROMETHEUS_SELECTOR}, in any namespace. A chosen label (not Helm's `release`)
 * so objects of this stack and of the service catalog are picked up, and nothing else by accident.
 */
import { Construct } from 'constructs';
import {
  ServiceMonitor,
  type ServiceMonitorSpecEndpoints,
  ServiceMonitorSpecEndpointsScheme,
} from '../../imports/monitoring.coreos.com.js';

export const PROMETHEUS_SELECTOR: Readonly<Record<string, string>> = { 'platform.example.com/prometheus': 'platform' };

export interface ScrapeProps {
  /** Name of the ServiceMonitor, usually the component's. */
  readonly name: string;
  /** Namespace of the Service (the ServiceMonitor lives beside it). */
  readonly namespace: string;
  /** Labels of the Service to scrape (its selector labels). */
  readonly serviceSelector: Readonly<Record<string, string>>;
  /** Name of the Service port that serves metrics. */
  readonly port: string;
  /** @default '/metrics' */
  readonly path?: string;
  /**
   * Scrape interval.
   * @default - Prometheus' global scrape interval (metrics.scrapeInterval)
   */
  readonly interval?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** Extra endpoint settings (TLS, relabelings); merged last. @default - none */
  readonly endpoint?: Omit<ServiceMonitorSpecEndpoints, 'port' | 'path' | 'interval' | 'scheme'>;
  /** Label on the Service whose value becomes the `job` label. @default - the Service name */
  readonly jobLabel?: string;
}

/** A ServiceMonitor that the stack's Prometheus selects. */
export class Scrape extends Construct {
  readonly serviceMonitor: ServiceMonitor;

  constructor(scope: Construct, id: string, props: ScrapeProps) {
    super(scope, id);
    this.serviceMonitor = new ServiceMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...PROMETHEUS_SELECTOR } },
      spec: {
        selector: { matchLabels: { ...props.serviceSelector } },
        namespaceSelector: { matchNames: [props.namespace] },
        ...(props.jobLabel ? { jobLabel: props.jobLabel } : {}),
        endpoints: [
          {
            port: props.port,
            path: props.path ?? '/metrics',
            scheme: props.scheme === 'https' ? ServiceMonitorSpecEndpointsScheme.HTTPS : ServiceMonitorSpecEndpointsScheme.HTTP,
            ...(props.interval ? { interval: props.interval } : {}),
            ...props.endpoint,
          },
        ],
      },
    });
  }
}

import { Construct } from 'constructs';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
  PodMonitorSpecPodMetricsEndpointsScheme,
} from '../../imports/monitoring.coreos.com.js';
import { ECK_OPERATOR_CHART, ECK_OPERATOR_METRICS } from '../../cdktf/addons/eck-operator.js';
import { ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_METRICS } from '../../cdktf/addons/envoy-gateway.js';
import { EXTERNAL_SECRETS_CHART, EXTERNAL_SECRETS_METRICS } from '../../cdktf/addons/external-secrets.js';
import { PROMETHEUS_OPERATOR_CHART, PROMETHEUS_OPERATOR_METRICS } from '../../cdktf/addons/prometheus-operator.js';
import { PROMETHEUS_SELECTOR } from '../lib/monitoring.js';

/** TLS of a metrics port: the CA (a Secret in the operator's namespace) and the name its certificate is issued for. */
export interface OperatorTls {
  readonly caSecret: { readonly name: string; readonly key: string };
  readonly serverName: string;
}

/** Where an operator's pods run and which named container port serves `/metrics`. */
export interface OperatorTarget {
  /** Becomes the PodMonitor name and the `job` label (the alert rules select operators by it). */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the operator's pods. */
  readonly pods: Readonly<Record<string, string>>;
  /** Name of the container port serving metrics. */
  readonly port: string;
  /**
   * Scrape over HTTPS, verifying the certificate against this CA.
   * @default - plain HTTP
   */
  readonly tls?: OperatorTls;
}

/**
 * The operators the addons stack installs, with the namespaces, pod labels and metrics ports their pinned Helm charts
 * really deploy (read from each chart's templates at the pinned version; see the `*_METRICS` constants in
 * `cdktf/addons/`). The addons stack keeps every metrics endpoint on and every chart's own monitor off, so these
 * PodMonitors are the only scrape of the operators.
 */
export const STACK_OPERATORS: readonly OperatorTarget[] = [
  {
    name: 'prometheus-operator',
    namespace: PROMETHEUS_OPERATOR_CHART.namespace,
    pods: PROMETHEUS_OPERATOR_METRICS.pods,
    port: PROMETHEUS_OPERATOR_METRICS.port,
    tls: { caSecret: PROMETHEUS_OPERATOR_METRICS.caSecret, serverName: PROMETHEUS_OPERATOR_METRICS.serverName },
  },
  { name: 'elastic-operator', namespace: ECK_OPERATOR_CHART.namespace, pods: ECK_OPERATOR_METRICS.pods, port: ECK_OPERATOR_METRICS.port },
  { name: 'external-secrets', namespace: EXTERNAL_SECRETS_CHART.namespace, pods: EXTERNAL_SECRETS_METRICS.pods, port: EXTERNAL_SECRETS_METRICS.port },
  { name: 'envoy-gateway', namespace: ENVOY_GATEWAY_CHART.namespace, pods: ENVOY_GATEWAY_METRICS.pods, port: ENVOY_GATEWAY_METRICS.port },
];

export interface OperatorScrapesProps {
  /**
   * Operators to scrape.
   * @default STACK_OPERATORS
   */
  readonly operators?: readonly OperatorTarget[];
}

/**
 * PodMonitors for the operators the stack depends on (their pods, not a Service: the charts do not all create a
 * metrics Service), so Prometheus watches the machinery that runs the stack too. The `job` label is the operator's
 * name (`job="prometheus-operator"`), not the PodMonitor default `<namespace>/<name>`.
 */
export class OperatorScrapes extends Construct {
  constructor(scope: Construct, id: string, props: OperatorScrapesProps = {}) {
    super(scope, id);
    const operators = props.operators ?? STACK_OPERATORS;
    const seen = new Set<string>();
    for (const op of operators) {
      if (seen.has(op.name)) throw new Error(`operator "${op.name}" is listed twice; give every operator a unique name`);
      if (Object.keys(op.pods).length === 0) throw new Error(`operator "${op.name}" has no pod labels; an empty selector would scrape every pod of ${op.namespace}`);
      seen.add(op.name);
      new PodMonitor(this, op.name, {
        metadata: { name: op.name, namespace: op.namespace, labels: { ...PROMETHEUS_SELECTOR } },
        spec: {
          selector: { matchLabels: { ...op.pods } },
          namespaceSelector: { matchNames: [op.namespace] },
          podMetricsEndpoints: [
            {
              port: op.port,
              path: '/metrics',
              ...(op.tls
                ? {
                    scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTPS,
                    tlsConfig: { ca: { secret: { ...op.tls.caSecret } }, serverName: op.tls.serverName },
                  }
                : {}),
              relabelings: [{ targetLabel: 'job', replacement: op.name, action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE }],
            },
          ],
        },
      });
    }
  }
}

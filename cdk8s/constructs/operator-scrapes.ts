import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpointsRelabelingsAction } from '../../imports/monitoring.coreos.com.js';
import { PROMETHEUS_SELECTOR } from '../lib/monitoring.js';

/** Where an operator's pods run and which named container port serves `/metrics`. */
export interface OperatorTarget {
  /** Becomes the PodMonitor name and the `job` label. */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the operator's pods. */
  readonly pods: Readonly<Record<string, string>>;
  /** Name of the container port serving metrics. */
  readonly port: string;
}

/**
 * The operators the addons stack installs, with the pod labels and metrics port names of their upstream Helm charts.
 * The addons stack must keep metrics enabled on the named port (ECK: `config.metrics.port`).
 */
export const STACK_OPERATORS: readonly OperatorTarget[] = [
  { name: 'prometheus-operator', namespace: 'prometheus-operator', pods: { 'app.kubernetes.io/name': 'prometheus-operator' }, port: 'http' },
  { name: 'elastic-operator', namespace: 'elastic-system', pods: { 'control-plane': 'elastic-operator' }, port: 'metrics' },
  { name: 'external-secrets', namespace: 'external-secrets', pods: { 'app.kubernetes.io/name': 'external-secrets' }, port: 'metrics' },
  { name: 'envoy-gateway', namespace: 'envoy-gateway-system', pods: { 'control-plane': 'envoy-gateway' }, port: 'metrics' },
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
 * metrics Service by default), so Prometheus watches the machinery that runs the stack too.
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
              relabelings: [{ targetLabel: 'job', replacement: op.name, action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE }],
            },
          ],
        },
      });
    }
  }
}

import { Construct } from 'constructs';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
  PodMonitorSpecPodMetricsEndpointsScheme,
} from '../../imports/monitoring.coreos.com.js';
import { type OperatorTarget, STACK_OPERATORS } from '../../contracts/operators.js';
import { PROMETHEUS_SELECTOR } from '../lib/monitoring.js';

export { type OperatorTarget, type OperatorTls, STACK_OPERATORS } from '../../contracts/operators.js';

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

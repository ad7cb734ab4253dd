import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/** ECK operator 3.5.0 with its CRDs (chart eck-operator, same version as the operator). */
export const ECK_OPERATOR_CHART: ChartSpec = {
  release: 'elastic-operator',
  chart: 'eck-operator',
  repository: 'https://helm.elastic.co',
  version: '3.5.0',
  namespace: 'elastic-system',
};

/** Port of the operator's Prometheus metrics (0, the chart default, disables them). */
export const ECK_METRICS_PORT = 9090;

/**
 * What the 3.5.0 chart's StatefulSet really exposes (templates/statefulset.yaml): pods labelled
 * `app.kubernetes.io/name: elastic-operator` (the chart's nameOverride) and `app.kubernetes.io/instance: <release>`
 * (`control-plane: elastic-operator` only in the all-in-one manifests), and, with `config.metrics.port` > 0 and
 * secure mode off, container port `metrics` serving plain-HTTP `/metrics` on all interfaces.
 */
export const ECK_OPERATOR_METRICS = {
  pods: { 'app.kubernetes.io/name': 'elastic-operator', 'app.kubernetes.io/instance': ECK_OPERATOR_CHART.release },
  port: 'metrics',
} as const;

export interface EckOperatorValues {
  /** CRDs come from the pinned set (scripts/crds.lock.json), applied server-side before the operators: never Helm. */
  readonly installCRDs: false;
  readonly replicaCount: number;
  readonly resources: ResourceValues;
  readonly podSecurityContext: typeof RESTRICTED_POD;
  readonly securityContext: ContainerSecurityValues;
  readonly config: { readonly metrics: { readonly port: string; readonly secureMode: { readonly enabled: false } } };
  /** Off: metrics stay on (plain HTTP); the cdk8s PodMonitor `elastic-operator` is the one scrape. */
  readonly podMonitor: { readonly enabled: false };
  readonly serviceMonitor: { readonly enabled: false };
}

export function eckOperatorValues(size: OperatorSize): EckOperatorValues {
  return {
    installCRDs: false,
    replicaCount: size.replicas,
    resources: resources(size),
    podSecurityContext: RESTRICTED_POD,
    securityContext: restrictedContainer(),
    config: { metrics: { port: String(ECK_METRICS_PORT), secureMode: { enabled: false } } },
    podMonitor: { enabled: false },
    serviceMonitor: { enabled: false },
  };
}

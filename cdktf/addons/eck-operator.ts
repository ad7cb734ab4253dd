import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, monitorLabels, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/** ECK operator 3.5.0 with its CRDs (chart eck-operator, same version as the operator). */
export const ECK_OPERATOR_CHART: ChartSpec = {
  release: 'elastic-operator',
  chart: 'eck-operator',
  repository: 'https://helm.elastic.co',
  version: '3.5.0',
  namespace: 'elastic-system',
};

/** Port of the operator's Prometheus metrics (0 disables them in the chart). */
export const ECK_METRICS_PORT = 9090;

export interface EckOperatorValues {
  readonly installCRDs: true;
  readonly replicaCount: number;
  readonly resources: ResourceValues;
  readonly podSecurityContext: typeof RESTRICTED_POD;
  readonly securityContext: ContainerSecurityValues;
  readonly config: { readonly metrics: { readonly port: string; readonly secureMode: { readonly enabled: false } } };
  /** Plain-HTTP metrics scraped through a PodMonitor (the chart's ServiceMonitor needs secure mode). */
  readonly podMonitor: { readonly enabled: true; readonly labels: Record<string, string> };
  readonly serviceMonitor: { readonly enabled: false };
}

export function eckOperatorValues(size: OperatorSize): EckOperatorValues {
  return {
    installCRDs: true,
    replicaCount: size.replicas,
    resources: resources(size),
    podSecurityContext: RESTRICTED_POD,
    securityContext: restrictedContainer(),
    config: { metrics: { port: String(ECK_METRICS_PORT), secureMode: { enabled: false } } },
    podMonitor: { enabled: true, labels: monitorLabels() },
    serviceMonitor: { enabled: false },
  };
}

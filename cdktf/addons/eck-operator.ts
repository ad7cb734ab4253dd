import type { OperatorSize } from '../../config/sections/addons.js';
import { ECK_METRICS_PORT } from '../../contracts/operators.js';
import { type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

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

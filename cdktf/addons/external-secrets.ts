import type { OperatorSize } from '../../config/sections/addons.js';
import { EXTERNAL_SECRETS_METRICS_PORT, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from '../../contracts/operators.js';
import { type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

interface ComponentValues {
  readonly resources: ResourceValues;
  readonly podSecurityContext: typeof RESTRICTED_POD & { readonly enabled: true };
  readonly securityContext: ContainerSecurityValues & { readonly enabled: true };
}

export interface ExternalSecretsValues extends ComponentValues {
  /** CRDs come from the pinned set (scripts/crds.lock.json), applied server-side before the operators: never Helm. */
  readonly installCRDs: false;
  readonly replicaCount: number;
  readonly leaderElect: boolean;
  readonly serviceAccount: { readonly create: true; readonly name: string };
  /** Plain-HTTP metrics on a fixed port, no Service (the PodMonitor scrapes the pods). */
  readonly metrics: { readonly listen: { readonly port: number; readonly secure: { readonly enabled: false } }; readonly service: { readonly enabled: false } };
  /** Off: the cdk8s PodMonitor `external-secrets` is the one scrape of the controller. */
  readonly serviceMonitor: { readonly enabled: false };
  readonly webhook: ComponentValues & { readonly replicaCount: number };
  readonly certController: ComponentValues & { readonly replicaCount: number };
}

export function externalSecretsValues(size: OperatorSize): ExternalSecretsValues {
  const component: ComponentValues = {
    resources: resources(size),
    podSecurityContext: { enabled: true, ...RESTRICTED_POD },
    securityContext: { enabled: true, ...restrictedContainer() },
  };
  return {
    installCRDs: false,
    replicaCount: size.replicas,
    leaderElect: size.replicas > 1,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
    metrics: { listen: { port: EXTERNAL_SECRETS_METRICS_PORT, secure: { enabled: false } }, service: { enabled: false } },
    serviceMonitor: { enabled: false },
    ...component,
    webhook: { ...component, replicaCount: size.replicas },
    certController: { ...component, replicaCount: 1 },
  };
}

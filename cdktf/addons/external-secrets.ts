import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, monitorLabels, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/** External Secrets Operator 2.9.0 with its CRDs. */
export const EXTERNAL_SECRETS_CHART: ChartSpec = {
  release: 'external-secrets',
  chart: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  version: '2.9.0',
  namespace: 'external-secrets',
};

/** The controller's ServiceAccount: EKS Pod Identity gives it the role that reads the platform secrets. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

interface ComponentValues {
  readonly resources: ResourceValues;
  readonly podSecurityContext: typeof RESTRICTED_POD & { readonly enabled: true };
  readonly securityContext: ContainerSecurityValues & { readonly enabled: true };
}

export interface ExternalSecretsValues extends ComponentValues {
  readonly installCRDs: true;
  readonly replicaCount: number;
  readonly leaderElect: boolean;
  readonly serviceAccount: { readonly create: true; readonly name: string };
  readonly serviceMonitor: { readonly enabled: true; readonly renderMode: 'failIfMissing'; readonly additionalLabels: Record<string, string> };
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
    installCRDs: true,
    replicaCount: size.replicas,
    leaderElect: size.replicas > 1,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
    // failIfMissing: the release waits for prometheus-operator's CRDs instead of silently dropping its monitors.
    serviceMonitor: { enabled: true, renderMode: 'failIfMissing', additionalLabels: monitorLabels() },
    ...component,
    webhook: { ...component, replicaCount: size.replicas },
    certController: { ...component, replicaCount: 1 },
  };
}

import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/** External Secrets Operator 2.9.0 with its CRDs. */
export const EXTERNAL_SECRETS_CHART: ChartSpec = {
  release: 'external-secrets',
  chart: 'external-secrets',
  repository: 'https://charts.external-secrets.io',
  version: '2.9.0',
  namespace: 'external-secrets',
};

/** Port of the controller's Prometheus metrics (`--metrics-addr`, plain HTTP; the chart default). */
export const EXTERNAL_SECRETS_METRICS_PORT = 8080;

/**
 * What the 2.9.0 chart's controller Deployment really exposes (templates/deployment.yaml): pods labelled
 * `app.kubernetes.io/name: external-secrets` and `app.kubernetes.io/instance: <release>` (webhook and cert-controller
 * pods carry `external-secrets-webhook`/`-cert-controller`, so they are not selected), and container port `metrics`
 * on `metrics.listen.port`. The metrics endpoint is always on; no metrics Service is needed for a PodMonitor.
 */
export const EXTERNAL_SECRETS_METRICS = {
  pods: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/instance': EXTERNAL_SECRETS_CHART.release },
  port: 'metrics',
} as const;

/** The controller's ServiceAccount: EKS Pod Identity gives it the role that reads the platform secrets. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

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

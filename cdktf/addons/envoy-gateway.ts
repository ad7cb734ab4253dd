import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer } from './chart.js';

/**
 * Envoy Gateway v1.9.0 (OCI chart). Its chart carries the Gateway API v1.6.1 CRDs and its own in `crds/`, which Helm
 * installs once and never upgrades: the release skips them (`skip_crds`), the pinned set provides them. The chart has no
 * ServiceMonitor/PodMonitor option; the stack scrapes the controller with the cdk8s PodMonitor `envoy-gateway`.
 */
export const ENVOY_GATEWAY_CHART: ChartSpec = {
  release: 'envoy-gateway',
  chart: 'oci://docker.io/envoyproxy/gateway-helm',
  version: 'v1.9.0',
  namespace: 'envoy-gateway-system',
};

/** Port of the controller's Prometheus metrics (the chart's `deployment.ports` entry `metrics`, served on 0.0.0.0). */
export const ENVOY_GATEWAY_METRICS_PORT = 19001;

/**
 * What the v1.9.0 chart's controller Deployment really exposes (templates/envoy-gateway-deployment.yaml): pods
 * labelled `control-plane: envoy-gateway` and `app.kubernetes.io/instance: <release>` (the proxies it creates in
 * the same namespace carry neither), and container port `metrics` (19001, plain HTTP `/metrics`).
 */
export const ENVOY_GATEWAY_METRICS = {
  pods: { 'control-plane': 'envoy-gateway', 'app.kubernetes.io/instance': ENVOY_GATEWAY_CHART.release },
  port: 'metrics',
} as const;

export interface EnvoyGatewayValues {
  readonly deployment: {
    readonly replicas: number;
    readonly envoyGateway: { readonly resources: ResourceValues; readonly securityContext: ContainerSecurityValues };
  };
  readonly podDisruptionBudget: { readonly minAvailable: number };
}

export function envoyGatewayValues(size: OperatorSize): EnvoyGatewayValues {
  return {
    deployment: {
      replicas: size.replicas,
      envoyGateway: { resources: resources(size), securityContext: restrictedContainer() },
    },
    podDisruptionBudget: { minAvailable: size.replicas > 1 ? 1 : 0 },
  };
}

import type { OperatorSize } from '../../config/sections/addons.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer } from './chart.js';

/**
 * Envoy Gateway v1.9.0 (OCI chart); it installs the Gateway API v1.6.1 CRDs and its own. The chart has no
 * ServiceMonitor option: its controller metrics are on Service `envoy-gateway`, port `metrics` (19001), in this
 * namespace, for the gateway chart to scrape.
 */
export const ENVOY_GATEWAY_CHART: ChartSpec = {
  release: 'envoy-gateway',
  chart: 'oci://docker.io/envoyproxy/gateway-helm',
  version: 'v1.9.0',
  namespace: 'envoy-gateway-system',
};

export interface EnvoyGatewayValues {
  readonly crds: { readonly enabled: true };
  readonly deployment: {
    readonly replicas: number;
    readonly envoyGateway: { readonly resources: ResourceValues; readonly securityContext: ContainerSecurityValues };
  };
  readonly podDisruptionBudget: { readonly minAvailable: number };
}

export function envoyGatewayValues(size: OperatorSize): EnvoyGatewayValues {
  return {
    crds: { enabled: true },
    deployment: {
      replicas: size.replicas,
      envoyGateway: { resources: resources(size), securityContext: restrictedContainer() },
    },
    podDisruptionBudget: { minAvailable: size.replicas > 1 ? 1 : 0 },
  };
}

import type { OperatorSize } from '../../config/sections/addons.js';
import { type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer } from './chart.js';

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

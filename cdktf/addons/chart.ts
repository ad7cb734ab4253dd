/** What every operator release shares: a pinned chart, its own namespace, typed values. */
import { RESTRICTED_CONTAINER, resourcesObject } from '../../cdk8s/lib/security.js';
import type { SingleOperator } from '../../config/sections/addons.js';

export interface ChartSpec {
  /** Helm release name (also the prefix of most object names). */
  readonly release: string;
  /** Chart name, or a full `oci://` reference when `repository` is empty. */
  readonly chart: string;
  /** Chart repository URL. @default - none: `chart` is an OCI reference */
  readonly repository?: string;
  /** Exact chart version: never a range. */
  readonly version: string;
  /** Namespace of the operator (created by the release). */
  readonly namespace: string;
}

/** Resources as Helm charts take them: requests from config, the memory request also as the limit. */
export type ResourceValues = ReturnType<typeof resourcesObject>;

/** A container securityContext a chart accepts: the restricted one of cdk8s/lib/security.ts. */
export type ContainerSecurityValues = typeof RESTRICTED_CONTAINER;

export function resources(size: SingleOperator): ResourceValues {
  return resourcesObject(size.resources);
}

export function restrictedContainer(): ContainerSecurityValues {
  return { ...RESTRICTED_CONTAINER, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Pod-level securityContext for charts that only take the basics. */
export const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;

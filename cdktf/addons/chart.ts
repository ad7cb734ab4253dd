/** What every operator release shares: a pinned chart (contracts/operators.ts), its own namespace, typed values. */
import type { SingleOperator } from '../../config/sections/addons.js';
import { RESTRICTED_POD_BASICS, type ResourceValues, type RestrictedContainerSecurity, resourcesObject, restrictedContainerSecurity } from '../../contracts/security.js';

export type { ChartSpec } from '../../contracts/operators.js';
export type { ResourceValues } from '../../contracts/security.js';

/** A container securityContext a chart accepts: the restricted one of contracts/security.ts. */
export type ContainerSecurityValues = RestrictedContainerSecurity;

export function resources(size: SingleOperator): ResourceValues {
  return resourcesObject(size.resources);
}

export function restrictedContainer(): ContainerSecurityValues {
  return restrictedContainerSecurity();
}

/** Pod-level securityContext for charts that only take the basics. */
export const RESTRICTED_POD = RESTRICTED_POD_BASICS;

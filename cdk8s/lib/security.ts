/**
 * Secure-by-default pod and container settings (Pod Security Standard "restricted"), typed for the Kubernetes API
 * over the plain data of contracts/security.ts. Opt out per container only with a comment saying why, and prefer a
 * writable emptyDir to turning off the read-only root filesystem.
 */
import { k8s } from 'cdk8s-plus-28';
import type { Resources } from '../../config/sections/primitives.js';
import { NOBODY, restrictedContainerSecurity, restrictedPodSecurity } from '../../contracts/security.js';

export { NOBODY, resourcesObject } from '../../contracts/security.js';

/** Container security context satisfying "restricted": non-root, no escalation, no capabilities, read-only root. */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = restrictedContainerSecurity();

/** Pod security context: a fixed non-root user and group, RuntimeDefault seccomp, group-owned volumes. */
export function restrictedPod(uid: number = NOBODY): k8s.PodSecurityContext {
  return { ...restrictedPodSecurity(uid) };
}

/** Requests from config; the memory request is also the memory limit. No CPU limit: it only causes throttling. */
export function containerResources(resources: Resources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) },
    limits: { memory: k8s.Quantity.fromString(resources.memory) },
  };
}

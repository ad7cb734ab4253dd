/**
 * Secure-by-default pod and container settings (Pod Security Standard "restricted"). Opt out per container only
 * with a comment saying why, and prefer a writable emptyDir to turning off the read-only root filesystem.
 */
import { k8s } from 'cdk8s-plus-28';
import type { Resources } from '../../config/sections/primitives.js';

/** The conventional unprivileged user `nobody`. */
export const NOBODY = 65534;

/** Container security context satisfying "restricted": non-root, no escalation, no capabilities, read-only root. */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Pod security context: a fixed non-root user and group, RuntimeDefault seccomp, group-owned volumes. */
export function restrictedPod(uid: number = NOBODY): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Requests from config; the memory request is also the memory limit. No CPU limit: it only causes throttling. */
export function containerResources(resources: Resources): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) },
    limits: { memory: k8s.Quantity.fromString(resources.memory) },
  };
}

/** The same as a plain object, for operator CRs whose bindings type quantities differently. */
export function resourcesObject(resources: Resources): { requests: Record<string, string>; limits: Record<string, string> } {
  return { requests: { cpu: resources.cpu, memory: resources.memory }, limits: { memory: resources.memory } };
}

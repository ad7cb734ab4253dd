/**
 * Secure-by-default pod and container settings (Pod Security Standard "restricted") as plain data, so the cdk8s
 * workloads and the Helm values of the cdktf addons stack share one definition. cdk8s/lib/security.ts types them
 * for the Kubernetes API.
 */
import type { Resources } from '../config/sections/primitives.js';

/** The conventional unprivileged user `nobody`. */
export const NOBODY = 65534;

/** Container security context satisfying "restricted": non-root, no escalation, no capabilities, read-only root. */
export interface RestrictedContainerSecurity {
  readonly allowPrivilegeEscalation: false;
  readonly readOnlyRootFilesystem: true;
  readonly runAsNonRoot: true;
  readonly capabilities: { readonly drop: string[] };
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
}

/** A fresh copy of the restricted container security context (callers may extend it). */
export function restrictedContainerSecurity(): RestrictedContainerSecurity {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level security context with only the basics (for Helm charts that take no more). */
export const RESTRICTED_POD_BASICS = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;

/** Pod security context: a fixed non-root user and group, RuntimeDefault seccomp, group-owned volumes. */
export function restrictedPodSecurity(uid: number = NOBODY) {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  } as const;
}

/** Requests from config as plain strings; the memory request is also the memory limit. No CPU limit. */
export interface ResourceValues {
  readonly requests: Record<string, string>;
  readonly limits: Record<string, string>;
}

/** Requests from config; the memory request is also the memory limit. No CPU limit: it only causes throttling. */
export function resourcesObject(resources: Resources): ResourceValues {
  return { requests: { cpu: resources.cpu, memory: resources.memory }, limits: { memory: resources.memory } };
}

/**
 * Values worked out once from an environment's config, so constructs and stacks never re-derive them.
 */
import type { EnvironmentConfig } from './schema.js';

/** The product's name: prefix of every cloud resource name and the `part-of` label. */
export const PLATFORM = 'observability-platform';

/** Pod Security Standard level of a namespace (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface NamespaceSpec {
  /** Kubernetes name of the namespace. */
  readonly name: string;
  /** Level enforced by the Pod Security admission controller. */
  readonly enforce: PodSecurityLevel;
  /** Why the namespace cannot enforce `restricted`; required when `enforce` is lower. */
  readonly exception?: string;
}

/**
 * Namespaces the stack runs in. Everything that can run under `restricted` does; the node-level collectors are
 * isolated in their own namespace because they need host access that no lower level than `privileged` allows.
 */
export const NAMESPACES = {
  monitoring: { name: 'monitoring', enforce: 'restricted' },
  logging: { name: 'logging', enforce: 'restricted' },
  gateway: { name: 'gateway', enforce: 'restricted' },
  nodeCollectors: {
    name: 'node-collectors',
    enforce: 'privileged',
    exception:
      'node-exporter needs hostNetwork, hostPID and read-only hostPath mounts of /proc, /sys and /; Filebeat needs ' +
      'read-only hostPath mounts of /var/log and the container log directory. Pod Security "baseline" forbids all ' +
      'of these, so this namespace enforces "privileged" and only these two DaemonSets run in it; it still audits ' +
      'and warns at "restricted" so any other workload placed here is reported.',
  },
} as const satisfies Record<string, NamespaceSpec>;

/** A validated environment plus the values derived from it. */
export interface Environment extends EnvironmentConfig {
  /** Name prefix for every cloud resource of this environment, e.g. `obs-prod`. */
  readonly resourcePrefix: string;
  /** EKS cluster name. */
  readonly clusterName: string;
  /** Labels put on every Kubernetes object of this environment. */
  readonly commonLabels: Readonly<Record<string, string>>;
  /** Tags put on every AWS resource of this environment. */
  readonly awsTags: Readonly<Record<string, string>>;
}

export function deriveEnvironment(config: EnvironmentConfig): Environment {
  const resourcePrefix = `obs-${config.name}`;
  return {
    ...config,
    resourcePrefix,
    clusterName: resourcePrefix,
    commonLabels: {
      'app.kubernetes.io/part-of': PLATFORM,
      'app.kubernetes.io/managed-by': 'cdk8s',
      'platform.example.com/environment': config.name,
    },
    awsTags: {
      Environment: config.name,
      Owner: config.tags.owner,
      CostCentre: config.tags.costCentre,
      ManagedBy: 'cdktf',
      Project: PLATFORM,
    },
  };
}

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

export { NAMESPACES } from './platform.js';

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

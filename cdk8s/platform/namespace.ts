import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { PodSecurityLevel } from '../../config/derive.js';

export interface PlatformNamespaceProps {
  /** Kubernetes name of the namespace. */
  readonly name: string;
  /** Pod Security Standard enforced by admission. */
  readonly enforce: PodSecurityLevel;
  /**
   * Why this namespace enforces less than `restricted`. Required when `enforce` is not `restricted`.
   * @default - none; only allowed for `restricted`
   */
  readonly exception?: string;
}

/**
 * A namespace of the stack with Pod Security admission labels. Audit and warn are always `restricted`, so a workload
 * that would not pass the strictest level is reported even where enforcement is lower.
 */
export class PlatformNamespace extends Construct {
  readonly name: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    if (props.enforce !== 'restricted' && !props.exception) {
      throw new Error(
        `namespace "${props.name}" enforces "${props.enforce}" without an exception; write down why it cannot be "restricted"`,
      );
    }
    this.name = props.name;
    this.apiObject = new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          'kubernetes.io/metadata.name': props.name,
          'pod-security.kubernetes.io/enforce': props.enforce,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
        ...(props.exception ? { annotations: { 'platform.example.com/pod-security-exception': props.exception } } : {}),
      },
    });
  }
}

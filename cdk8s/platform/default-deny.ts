import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface DefaultDenyProps {
  /** Namespace whose pods lose all traffic not allowed by another NetworkPolicy. */
  readonly namespace: string;
  /**
   * Name of the NetworkPolicy.
   * @default 'default-deny'
   */
  readonly name?: string;
}

/**
 * Denies all ingress and egress of every pod in one namespace. NetworkPolicies are additive, so each component then
 * allows exactly the flows it needs (`allowTraffic()` in `cdk8s/lib/network-policy.ts`), next to its workload.
 */
export class DefaultDeny extends Construct {
  readonly apiObject: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: DefaultDenyProps) {
    super(scope, id);
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name ?? 'default-deny', namespace: props.namespace },
      // An empty pod selector selects every pod; listing both types without rules allows nothing.
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}

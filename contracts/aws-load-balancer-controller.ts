/**
 * The AWS Load Balancer Controller contract: what the gateway's Service asks for (cdk8s), what the controller that
 * answers it is (cdktf addons stack) and which subnets it may place load balancers in (cdktf network stack). Plain
 * data, shared by both synthesizers; `test/cdktf/aws-load-balancer-controller.test.ts` checks the chain end to end.
 */

/**
 * The controller's chart (aws/eks-charts `aws-load-balancer-controller`, published from
 * kubernetes-sigs/aws-load-balancer-controller `helm/`), version 3.5.0 = controller v3.5.0.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART = {
  release: 'aws-load-balancer-controller',
  chart: 'aws-load-balancer-controller',
  repository: 'https://aws.github.io/eks-charts',
  version: '3.5.0',
  namespace: 'kube-system',
} as const;

/** The controller's ServiceAccount (EKS Pod Identity gives it the controller's IAM role). */
export const AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** Service annotations the controller reads (its docs/guide/service/annotations.md). */
export const LB_ANNOTATIONS = {
  /** `external`: the AWS Load Balancer Controller (not the in-tree cloud provider) reconciles the Service. */
  type: 'service.beta.kubernetes.io/aws-load-balancer-type',
  /** `ip`: the NLB targets pod IPs directly (needs the VPC CNI, which EKS runs). */
  targetType: 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type',
  /** `internet-facing` (public subnets) or `internal` (private subnets). */
  scheme: 'service.beta.kubernetes.io/aws-load-balancer-scheme',
  targetGroupAttributes: 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes',
} as const;

/** The values of {@link LB_ANNOTATIONS}.type and .targetType this platform uses. */
export const LB_TYPE_EXTERNAL = 'external';
export const NLB_TARGET_TYPE_IP = 'ip';

export type LoadBalancerScheme = 'internet-facing' | 'internal';

/**
 * Subnet tags of the controller's subnet discovery (its docs/deploy/subnet_discovery.md): `internet-facing` load
 * balancers go to subnets tagged `kubernetes.io/role/elb`, `internal` ones to `kubernetes.io/role/internal-elb`.
 */
export const SUBNET_ROLE_TAGS: Readonly<Record<LoadBalancerScheme, string>> = {
  'internet-facing': 'kubernetes.io/role/elb',
  internal: 'kubernetes.io/role/internal-elb',
};

/** Value of a subnet role tag (`1`; the controller also accepts an empty value). */
export const SUBNET_ROLE_TAG_VALUE = '1';

/** The Service annotations of an NLB in `scheme`, reconciled by the controller, targeting pod IPs. */
export function nlbServiceAnnotations(scheme: LoadBalancerScheme): Record<string, string> {
  return {
    [LB_ANNOTATIONS.type]: LB_TYPE_EXTERNAL,
    [LB_ANNOTATIONS.targetType]: NLB_TARGET_TYPE_IP,
    [LB_ANNOTATIONS.scheme]: scheme,
  };
}

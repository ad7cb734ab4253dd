import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { OperatorSize } from '../../config/sections/addons.js';
import {
  AWS_LOAD_BALANCER_CONTROLLER_CHART,
  AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
} from '../../contracts/aws-load-balancer-controller.js';
import { podIdentityRole, type ServiceRole } from '../lib/iam.js';
import { type ChartSpec, type ContainerSecurityValues, type ResourceValues, resources, restrictedContainer, RESTRICTED_POD } from './chart.js';

/** The controller's chart (coordinates in contracts/aws-load-balancer-controller.ts). */
export const AWS_LOAD_BALANCER_CONTROLLER: ChartSpec = AWS_LOAD_BALANCER_CONTROLLER_CHART;

/**
 * The controller's documented IAM policy: `docs/install/iam_policy.json` of kubernetes-sigs/aws-load-balancer-controller
 * at tag v3.5.0 (the chart's appVersion), statement for statement, as typed policy-document statements. Its
 * wildcards are the controller's own design: it discovers subnets, security groups and load balancers it did not
 * create, and it scopes every write on resources it owns with the `elbv2.k8s.aws/cluster` tag conditions below.
 * Update it together with the chart version (Renovate groups the two; see renovate.json).
 */
export const AWS_LOAD_BALANCER_CONTROLLER_POLICY: readonly DataAwsIamPolicyDocumentStatement[] =
[
  {
    effect: 'Allow',
    actions: ['iam:CreateServiceLinkedRole'],
    resources: ['*'],
    condition: [
      {
        test: 'StringEquals',
        variable: 'iam:AWSServiceName',
        values: ['elasticloadbalancing.amazonaws.com'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: [
      'ec2:DescribeAccountAttributes',
      'ec2:DescribeAddresses',
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcPeeringConnections',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeTags',
      'ec2:GetCoipPoolUsage',
      'ec2:DescribeCoipPools',
      'ec2:GetSecurityGroupsForVpc',
      'ec2:DescribeIpamPools',
      'ec2:DescribeRouteTables',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeListenerCertificates',
      'elasticloadbalancing:DescribeSSLPolicies',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTrustStores',
      'elasticloadbalancing:DescribeListenerAttributes',
      'elasticloadbalancing:DescribeCapacityReservation',
    ],
    resources: ['*'],
  },
  {
    effect: 'Allow',
    actions: [
      'cognito-idp:DescribeUserPoolClient',
      'acm:ListCertificates',
      'acm:DescribeCertificate',
      'iam:ListServerCertificates',
      'iam:GetServerCertificate',
      'waf-regional:GetWebACL',
      'waf-regional:GetWebACLForResource',
      'waf-regional:AssociateWebACL',
      'waf-regional:DisassociateWebACL',
      'wafv2:GetWebACL',
      'wafv2:GetWebACLForResource',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'shield:GetSubscriptionState',
      'shield:DescribeProtection',
      'shield:CreateProtection',
      'shield:DeleteProtection',
    ],
    resources: ['*'],
  },
  {
    effect: 'Allow',
    actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
    resources: ['*'],
  },
  {
    effect: 'Allow',
    actions: ['ec2:CreateSecurityGroup'],
    resources: ['*'],
  },
  {
    effect: 'Allow',
    actions: ['ec2:CreateTags'],
    resources: ['arn:aws:ec2:*:*:security-group/*'],
    condition: [
      {
        test: 'StringEquals',
        variable: 'ec2:CreateAction',
        values: ['CreateSecurityGroup'],
      },
      {
        test: 'Null',
        variable: 'aws:RequestTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
    resources: ['arn:aws:ec2:*:*:security-group/*'],
    condition: [
      {
        test: 'Null',
        variable: 'aws:RequestTag/elbv2.k8s.aws/cluster',
        values: ['true'],
      },
      {
        test: 'Null',
        variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
    resources: ['*'],
    condition: [
      {
        test: 'Null',
        variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
    resources: ['*'],
    condition: [
      {
        test: 'Null',
        variable: 'aws:RequestTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: [
      'elasticloadbalancing:CreateListener',
      'elasticloadbalancing:DeleteListener',
      'elasticloadbalancing:CreateRule',
      'elasticloadbalancing:DeleteRule',
    ],
    resources: ['*'],
  },
  {
    effect: 'Allow',
    actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    resources: [
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
    ],
    condition: [
      {
        test: 'Null',
        variable: 'aws:RequestTag/elbv2.k8s.aws/cluster',
        values: ['true'],
      },
      {
        test: 'Null',
        variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    resources: [
      'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
    ],
  },
  {
    effect: 'Allow',
    actions: [
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
      'elasticloadbalancing:SetIpAddressType',
      'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets',
      'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyListenerAttributes',
      'elasticloadbalancing:ModifyCapacityReservation',
      'elasticloadbalancing:ModifyIpPools',
    ],
    resources: ['*'],
    condition: [
      {
        test: 'Null',
        variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['elasticloadbalancing:AddTags'],
    resources: [
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
      'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
    ],
    condition: [
      {
        test: 'StringEquals',
        variable: 'elasticloadbalancing:CreateAction',
        values: ['CreateTargetGroup', 'CreateLoadBalancer'],
      },
      {
        test: 'Null',
        variable: 'aws:RequestTag/elbv2.k8s.aws/cluster',
        values: ['false'],
      },
    ],
  },
  {
    effect: 'Allow',
    actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    resources: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*'],
  },
  {
    effect: 'Allow',
    actions: [
      'elasticloadbalancing:SetWebAcl',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates',
      'elasticloadbalancing:RemoveListenerCertificates',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:SetRulePriorities',
    ],
    resources: ['*'],
  },
];

export interface AwsLoadBalancerControllerValues {
  readonly clusterName: string;
  /** Region and VPC given explicitly: with the nodes' IMDS hop limit of 1 the pods cannot look them up. */
  readonly region: string;
  readonly vpcId: string;
  readonly replicaCount: number;
  readonly serviceAccount: { readonly create: true; readonly name: string };
  readonly resources: ResourceValues;
  readonly podSecurityContext: typeof RESTRICTED_POD & { readonly fsGroup: number };
  readonly securityContext: ContainerSecurityValues;
  /**
   * Off: the controller acts only on Services that ask for it (`aws-load-balancer-type: external`, the gateway's
   * EnvoyProxy Service), and no `failurePolicy: Fail` webhook sits in front of every Service creation.
   */
  readonly enableServiceMutatorWebhook: false;
  /** No Ingress is used: the gateway is Gateway API + Envoy Gateway behind one NLB. */
  readonly createIngressClassResource: false;
  /** Only Services: the controller's own Gateway API controllers stay off (Envoy Gateway owns the Gateway). */
  readonly controllerConfig: { readonly featureGates: { readonly ALBGatewayAPI: false; readonly NLBGatewayAPI: false } };
  readonly serviceMonitor: { readonly enabled: false };
}

export interface AwsLoadBalancerControllerValuesProps {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly size: OperatorSize;
}

export function awsLoadBalancerControllerValues(props: AwsLoadBalancerControllerValuesProps): AwsLoadBalancerControllerValues {
  return {
    clusterName: props.clusterName,
    region: props.region,
    vpcId: props.vpcId,
    replicaCount: props.size.replicas,
    serviceAccount: { create: true, name: AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
    resources: resources(props.size),
    podSecurityContext: { ...RESTRICTED_POD, fsGroup: 65534 },
    securityContext: restrictedContainer(),
    enableServiceMutatorWebhook: false,
    createIngressClassResource: false,
    controllerConfig: { featureGates: { ALBGatewayAPI: false, NLBGatewayAPI: false } },
    serviceMonitor: { enabled: false },
  };
}

export interface AwsLoadBalancerControllerIdentityProps {
  /** IAM names are prefixed with this (the environment's resource prefix). */
  readonly namePrefix: string;
  /** Name of the EKS cluster the association belongs to. */
  readonly clusterName: string;
}

/**
 * The controller's AWS identity: a Pod Identity role with the documented policy (a customer-managed policy: the
 * document carries the controller's own wildcards, which the inline policies of `ServiceRole` refuse) and the
 * association of that role with the controller's ServiceAccount.
 */
export class AwsLoadBalancerControllerIdentity extends Construct {
  readonly role: ServiceRole;
  readonly policyDocument: DataAwsIamPolicyDocument;
  readonly policy: IamPolicy;
  readonly association: EksPodIdentityAssociation;
  /** Depend on these before the controller starts. */
  readonly grants: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerIdentityProps) {
    super(scope, id);
    const name = `${props.namePrefix}-aws-load-balancer-controller`;
    this.role = podIdentityRole(this, 'role', { name });
    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: [...AWS_LOAD_BALANCER_CONTROLLER_POLICY] });
    this.policy = new IamPolicy(this, 'policy', {
      name,
      description: 'AWS Load Balancer Controller v3.5.0 (its documented iam_policy.json)',
      policy: this.policyDocument.json,
    });
    const attachment = new IamRolePolicyAttachment(this, 'attachment', { role: this.role.role.name, policyArn: this.policy.arn });
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: AWS_LOAD_BALANCER_CONTROLLER_CHART.namespace,
      serviceAccount: AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      roleArn: this.role.role.arn,
    });
    this.grants = [...this.role.grants, attachment, this.association];
  }
}

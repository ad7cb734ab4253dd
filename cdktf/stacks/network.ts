import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { SUBNET_ROLE_TAG_VALUE, SUBNET_ROLE_TAGS } from '../../contracts/aws-load-balancer-controller.js';
import { subnetPlan } from '../../config/sections/network.js';
import { ServiceRole } from '../lib/iam.js';
import { longTermWorkspace } from '../../contracts/long-term-metrics.js';
import { PlatformStack } from './platform-stack.js';

/** What the VPC Flow Logs service does with the flow-log group (the AWS documented set for CloudWatch Logs). */
export const FLOW_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] as const;

/**
 * The environment's VPC: one private (nodes, pods) and one public (load balancers, NAT) subnet per availability
 * zone; NAT per zone when `network.highAvailability`, else one shared NAT; an S3 gateway endpoint (free) and the
 * configured interface endpoints (plus `aps-workspaces` when long-term metrics go to AMP), so image pulls, tokens,
 * logs, secrets and remote write do not pay for NAT traffic. VPC flow logs
 * (all traffic) go to a CloudWatch log group kept `cluster.logRetentionDays`; the VPC's default security group is
 * managed with no rules, so nothing that falls back to it gets any traffic.
 */
export class NetworkStack extends PlatformStack {
  readonly vpc: Vpc;
  /** Private subnets, one per availability zone, in `network.availabilityZones` order. */
  readonly privateSubnets: readonly Subnet[];
  readonly publicSubnets: readonly Subnet[];
  readonly natGateways: readonly NatGateway[];
  readonly flowLogGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;
  readonly defaultSecurityGroup: DefaultSecurityGroup;

  constructor(scope: Construct, env: Environment) {
    super(scope, 'network', env);
    const net = env.network;
    const prefix = env.resourcePrefix;
    const plan = subnetPlan(net);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: net.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: prefix },
    });
    // No ingress or egress blocks: Terraform removes every rule of the default group (the default allows all
    // traffic between its members and all egress). Every platform resource names its own security group.
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      tags: { Name: `${prefix}-default-unused` },
    });

    this.flowLogGroup = new CloudwatchLogGroup(this, 'flow-logs', {
      name: `/aws/vpc/${prefix}/flow-logs`,
      retentionInDays: env.cluster.logRetentionDays,
    });
    const flowLogRole = new ServiceRole(this, 'flow-logs-role', { name: `${prefix}-vpc-flow-logs`, service: 'vpc-flow-logs.amazonaws.com' });
    // Log streams are named by the service (one per network interface): the resource is the group's streams.
    const flowLogPolicy = new DataAwsIamPolicyDocument(this, 'flow-logs-policy', {
      statement: [{ sid: 'WriteFlowLogs', effect: 'Allow', actions: [...FLOW_LOG_ACTIONS], resources: [`${this.flowLogGroup.arn}:log-stream:*`] }],
    });
    const flowLogGrant = new IamRolePolicy(this, 'flow-logs-role-policy', {
      name: `${prefix}-vpc-flow-logs`,
      role: flowLogRole.role.name,
      policy: flowLogPolicy.json,
    });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.arn,
      iamRoleArn: flowLogRole.role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${prefix}-flow-log` },
      dependsOn: [flowLogGrant],
    });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: prefix } });

    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${prefix}-public` },
    });
    new Route(this, 'public-default-route', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    this.publicSubnets = plan.map((p) => {
      const subnet = new Subnet(this, `public-${p.zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: p.zone,
        cidrBlock: p.publicCidr,
        mapPublicIpOnLaunch: false,
        // The AWS Load Balancer Controller places internet-facing load balancers in subnets with this tag.
        tags: { Name: `${prefix}-public-${p.zone}`, [SUBNET_ROLE_TAGS['internet-facing']]: SUBNET_ROLE_TAG_VALUE },
      });
      new RouteTableAssociation(this, `public-${p.zone}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    const natZones = net.highAvailability ? plan.map((p) => p.zone) : [plan[0]?.zone ?? ''];
    this.natGateways = natZones.map((zone, i) => {
      const eip = new Eip(this, `nat-ip-${zone}`, { domain: 'vpc', tags: { Name: `${prefix}-nat-${zone}` } });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: eip.allocationId,
        subnetId: (this.publicSubnets[i] as Subnet).id,
        tags: { Name: `${prefix}-${zone}` },
        dependsOn: [igw],
      });
    });

    const privateRouteTables: RouteTable[] = [];
    this.privateSubnets = plan.map((p, i) => {
      const subnet = new Subnet(this, `private-${p.zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: p.zone,
        cidrBlock: p.privateCidr,
        // The controller places internal load balancers in subnets with this tag.
        tags: { Name: `${prefix}-private-${p.zone}`, [SUBNET_ROLE_TAGS.internal]: SUBNET_ROLE_TAG_VALUE },
      });
      // Each zone leaves through its own NAT gateway when there is one per zone, else through the shared one.
      const nat = this.natGateways[net.highAvailability ? i : 0] as NatGateway;
      const routes = new RouteTable(this, `private-${p.zone}-routes`, {
        vpcId: this.vpc.id,
        tags: { Name: `${prefix}-private-${p.zone}` },
      });
      new Route(this, `private-${p.zone}-default-route`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      privateRouteTables.push(routes);
      new RouteTableAssociation(this, `private-${p.zone}-association`, { subnetId: subnet.id, routeTableId: routes.id });
      return subnet;
    });

    new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${env.aws.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((t) => t.id),
      tags: { Name: `${prefix}-s3` },
    });
    // With long-term metrics on AMP, remote write and queries stay inside the VPC through the aps-workspaces endpoint.
    const amp = longTermWorkspace(env);
    const interfaceEndpoints: readonly string[] = [...new Set([...net.interfaceEndpoints, ...(amp ? [amp.vpcEndpoint] : [])])];
    if (interfaceEndpoints.length > 0) {
      const endpointSg = new SecurityGroup(this, 'endpoints-sg', {
        name: `${prefix}-vpc-endpoints`,
        description: 'HTTPS from inside the VPC to the interface VPC endpoints',
        vpcId: this.vpc.id,
        ingress: [{ description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [net.vpcCidr] }],
        tags: { Name: `${prefix}-vpc-endpoints` },
      });
      for (const service of interfaceEndpoints) {
        new VpcEndpoint(this, `endpoint-${service}`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${env.aws.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnets.map((s) => s.id),
          securityGroupIds: [endpointSg.id],
          tags: { Name: `${prefix}-${service}` },
        });
      }
    }
  }
}

import { Testing } from 'cdktf';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap } from '../../config/cidr.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { resources, synthEnvironment, type TfJson } from './support.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('network stack (%s)', (_name, env) => {
  const synthesized = synthEnvironment(env).text.network;
  const json = JSON.parse(synthesized) as TfJson;
  const subnets = Object.values(resources(json, 'aws_subnet'));
  const privateSubnets = subnets.filter((s) => (s.tags as Record<string, string>)['kubernetes.io/role/internal-elb'] === '1');
  const publicSubnets = subnets.filter((s) => (s.tags as Record<string, string>)['kubernetes.io/role/elb'] === '1');

  it('keeps its state in an encrypted, locked S3 object of its own', () => {
    expect(json.terraform.backend.s3).toEqual({
      bucket: env.terraformState.bucket,
      key: `${env.name}/network.tfstate`,
      region: env.aws.region,
      encrypt: true,
      use_lockfile: true,
    });
  });

  it('pins the AWS provider to the environment account and region, with cost tags', () => {
    const aws = json.provider.aws?.[0] as { region: string; allowed_account_ids: string[]; default_tags: { tags: Record<string, string> }[] };
    expect(aws.region).toBe(env.aws.region);
    expect(aws.allowed_account_ids).toEqual([env.aws.accountId]);
    expect(aws.default_tags[0]?.tags).toMatchObject({ Environment: env.name, Owner: env.tags.owner, CostCentre: env.tags.costCentre });
    expect(json.terraform.required_providers.aws?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('creates the VPC from the configured CIDR with DNS support', () => {
    expect(
      Testing.toHaveResourceWithProperties(synthesized, Vpc.tfResourceType, {
        cidr_block: env.network.vpcCidr,
        enable_dns_hostnames: true,
        enable_dns_support: true,
      }),
    ).toBe(true);
  });

  it('puts one private and one public subnet in every configured zone, inside the VPC and without overlap', () => {
    const zones = [...env.network.availabilityZones].sort();
    expect(privateSubnets.map((s) => s.availability_zone).sort()).toEqual(zones);
    expect(publicSubnets.map((s) => s.availability_zone).sort()).toEqual(zones);
    const cidrs = subnets.map((s) => s.cidr_block as string);
    for (const cidr of cidrs) expect(cidrContains(env.network.vpcCidr, cidr)).toBe(true);
    cidrs.forEach((a, i) => cidrs.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b), `${a} vs ${b}`).toBe(false)));
    expect(privateSubnets.every((s) => (s.cidr_block as string).endsWith(`/${env.network.privateSubnetPrefix}`))).toBe(true);
    expect(publicSubnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('runs one NAT gateway per zone when highly available, else exactly one', () => {
    const nats = Object.keys(resources(json, NatGateway.tfResourceType));
    expect(nats).toHaveLength(env.network.highAvailability ? env.network.availabilityZones.length : 1);
    const routes = Object.values(resources(json, 'aws_route')).filter((r) => r.nat_gateway_id !== undefined);
    expect(routes).toHaveLength(env.network.availabilityZones.length);
    expect(new Set(routes.map((r) => r.nat_gateway_id)).size).toBe(nats.length);
  });

  it('routes S3 through a gateway endpoint and each configured service (plus aps-workspaces with AMP) through an interface endpoint', () => {
    const endpoints = Object.values(resources(json, 'aws_vpc_endpoint'));
    expect(endpoints.filter((e) => e.vpc_endpoint_type === 'Gateway').map((e) => e.service_name)).toEqual([`com.amazonaws.${env.aws.region}.s3`]);
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    const expected = [...env.network.interfaceEndpoints, ...(env.metrics.longTerm.mode === 'amp' ? ['aps-workspaces'] : [])];
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(expected.map((s) => `com.amazonaws.${env.aws.region}.${s}`).sort());
    expect(interfaces.every((e) => e.private_dns_enabled === true)).toBe(true);
  });
});

describe('network stack across environments', () => {
  it('spans at least 3 availability zones in prod, with a NAT gateway in each', () => {
    const json = synthEnvironment(environment('prod')).json.network;
    const subnets = Object.values(resources(json, 'aws_subnet'));
    const privateZones = subnets.filter((s) => (s.tags as Record<string, string>)['kubernetes.io/role/internal-elb'] === '1').map((s) => s.availability_zone);
    expect(new Set(privateZones).size).toBeGreaterThanOrEqual(3);
    expect(Object.keys(resources(json, 'aws_nat_gateway')).length).toBe(privateZones.length);
  });

  it('uses a single NAT gateway in dev', () => {
    const json = synthEnvironment(environment('dev')).json.network;
    expect(Object.keys(resources(json, 'aws_nat_gateway'))).toHaveLength(1);
  });
});

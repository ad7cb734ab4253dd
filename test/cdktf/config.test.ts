/** The infrastructure config sections (network, cluster, registry, addons): defaults and error messages. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { allocateSubnets, cidrsOverlap } from '../../config/cidr.js';
import { ConfigError, parseEnvironment } from '../../config/load.js';
import { addons } from '../../config/sections/addons.js';
import { cluster } from '../../config/sections/cluster.js';
import { network, subnetPlan } from '../../config/sections/network.js';
import { registry } from '../../config/sections/registry.js';
import { ENVIRONMENTS_DIR } from '../support/repo.js';

/** dev.yaml with one path replaced, parsed like the loader does; returns the problems as `path: message`. */
function problemsWith(path: (string | number)[], value: unknown): string[] {
  const doc = parseDocument(readFileSync(join(ENVIRONMENTS_DIR, 'dev.yaml'), 'utf8'));
  doc.setIn(path, value);
  try {
    parseEnvironment('dev.yaml', doc.toString());
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const minimalCluster = {
  kubernetesVersion: '1.36',
  adminRoleArns: ['arn:aws:iam::111111111111:role/admin'],
  logRetentionDays: 7,
  nodeGroup: { instanceTypes: ['m7i.large'], minSize: 1, desiredSize: 1, maxSize: 2 },
};

describe('network config', () => {
  it('defaults to one NAT gateway, /19 private and /24 public subnets and no interface endpoints', () => {
    const parsed = network.parse({ vpcCidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    expect(parsed).toMatchObject({ highAvailability: false, privateSubnetPrefix: 19, publicSubnetPrefix: 24, interfaceEndpoints: [] });
  });

  it('carves aligned, non-overlapping subnets out of the VPC', () => {
    const plan = subnetPlan({ vpcCidr: '10.0.0.0/16', availabilityZones: ['a1', 'b1', 'c1'], privateSubnetPrefix: 19, publicSubnetPrefix: 24 });
    expect(plan).toEqual([
      { zone: 'a1', privateCidr: '10.0.0.0/19', publicCidr: '10.0.96.0/24' },
      { zone: 'b1', privateCidr: '10.0.32.0/19', publicCidr: '10.0.97.0/24' },
      { zone: 'c1', privateCidr: '10.0.64.0/19', publicCidr: '10.0.98.0/24' },
    ]);
    expect(allocateSubnets('10.0.0.0/24', [26, 25])).toEqual(['10.0.0.0/26', '10.0.0.128/25']);
  });

  it('throws if highly available with fewer than 3 zones', () => {
    expect(problemsWith(['network', 'highAvailability'], true)).toEqual([
      'network.availabilityZones: highAvailability needs at least 3 availability zones (got 2); add zones or set highAvailability: false',
    ]);
  });

  it('throws if the subnets do not fit in the VPC', () => {
    expect(problemsWith(['network', 'privateSubnetPrefix'], 17)).toEqual([
      'network.privateSubnetPrefix: subnets of /17, /17, /24, /24 do not fit in 10.10.0.0/16; use longer prefixes or a larger VPC (got 17)',
    ]);
  });

  it('throws if a subnet prefix is not longer than the VPC prefix', () => {
    expect(problemsWith(['network', 'publicSubnetPrefix'], 16)[0]).toBe('network.publicSubnetPrefix: must be longer than the VPC prefix /16 (got 16)');
  });

  it('throws on an unknown interface endpoint, a duplicated zone or a bad zone name', () => {
    expect(problemsWith(['network', 'interfaceEndpoints'], ['s3'])[0]).toMatch(/^network\.interfaceEndpoints\[0\]: must be one of ecr\.api, ecr\.dkr/);
    expect(problemsWith(['network', 'availabilityZones'], ['eu-west-1a', 'eu-west-1a'])).toEqual(['network.availabilityZones: must not list an availability zone twice']);
    expect(problemsWith(['network', 'availabilityZones'], ['eu-west-1', 'eu-west-1b'])[0]).toBe(
      'network.availabilityZones[0]: must be an availability zone name such as eu-west-1a (got "eu-west-1")',
    );
  });

  it('detects overlapping CIDRs', () => {
    expect(cidrsOverlap('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrsOverlap('172.20.0.0/16', '172.16.0.0/12')).toBe(true);
  });
});

describe('cluster config', () => {
  it('defaults to a private-only endpoint, service CIDR 172.20.0.0/16, on-demand nodes with 50 GiB disks', () => {
    const parsed = cluster.parse(minimalCluster);
    expect(parsed).toMatchObject({ publicAccessCidrs: [], serviceIpv4Cidr: '172.20.0.0/16', nodeGroup: { capacityType: 'ON_DEMAND', diskSizeGiB: 50 } });
  });

  it('throws if the public endpoint would be open to the world', () => {
    expect(problemsWith(['cluster', 'publicAccessCidrs'], ['0.0.0.0/0'])).toEqual([
      'cluster.publicAccessCidrs[0]: must not be /0: list the networks that may reach the API, e.g. 203.0.113.0/24 (got "0.0.0.0/0")',
    ]);
  });

  it('throws on a log retention CloudWatch does not offer', () => {
    expect(problemsWith(['cluster', 'logRetentionDays'], 10)[0]).toMatch(/^cluster\.logRetentionDays: must be a CloudWatch retention: one of 1, 3, 5, 7, 14/);
  });

  it('throws if desiredSize is outside minSize..maxSize', () => {
    expect(problemsWith(['cluster', 'nodeGroup', 'desiredSize'], 9)).toEqual([
      'cluster.nodeGroup.desiredSize: must be between minSize (2) and maxSize (4) (got 9)',
    ]);
  });

  it('throws on an admin that is not an IAM role ARN, and without any admin', () => {
    expect(problemsWith(['cluster', 'adminRoleArns'], ['arn:aws:iam::111111111111:user/bob'])[0]).toMatch(/^cluster\.adminRoleArns\[0\]: must be an IAM role ARN/);
    expect(problemsWith(['cluster', 'adminRoleArns'], [])[0]).toMatch(/^cluster\.adminRoleArns: must list at least one IAM role/);
  });

  it('throws on an unquoted or unsupported Kubernetes version', () => {
    expect(problemsWith(['cluster', 'kubernetesVersion'], 1.3)[0]).toMatch(/^cluster\.kubernetesVersion: /);
    expect(problemsWith(['cluster', 'kubernetesVersion'], '1.20')[0]).toMatch(/must be a Kubernetes minor version in EKS standard support .*"1\.36"/);
    expect(problemsWith(['cluster', 'kubernetesVersion'], '1.33')[0]).toMatch(/^cluster\.kubernetesVersion: must be a Kubernetes minor version/);
  });
});

describe('registry and addons config', () => {
  it('defaults to expiring untagged images after 7 days and keeping 30 tagged ones, and service pushes to branch main', () => {
    const ci = { gitlabUrl: 'https://gitlab.example.com', group: 'apps' };
    expect(registry.parse({ repositories: ['toolbox'], ci })).toEqual({ repositories: ['toolbox'], ci: { ...ci, branch: 'main' }, untaggedExpiryDays: 7, keepTaggedImages: 30 });
  });

  it('throws without the toolbox repository or with a bad repository name', () => {
    expect(problemsWith(['registry', 'repositories'], ['other'])).toEqual(['registry.repositories: must include "toolbox" (the CI toolbox image)']);
    expect(problemsWith(['registry', 'repositories'], ['toolbox', 'Bad_Name'])[0]).toMatch(/^registry\.repositories\[1\]: must be an ECR repository name/);
  });

  it('defaults operators to one replica and rejects unknown keys', () => {
    const size = { resources: { cpu: '100m', memory: '128Mi' } };
    const parsed = addons.parse({ prometheusOperator: size, eckOperator: size, externalSecrets: size, envoyGateway: size, awsLoadBalancerController: size });
    expect(parsed.eckOperator.replicas).toBe(1);
    expect(problemsWith(['addons', 'prometheusOperator', 'replicas'], 2)).toEqual([
      'addons.prometheusOperator.replicas: unknown key (check the spelling; see config/environment.schema.json for the allowed keys)',
    ]);
  });
});

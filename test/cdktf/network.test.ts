import { S3Backend, Testing } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { describe, expect, it } from 'vitest';
import { NetworkStack } from '../../cdktf/stacks/network.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface SynthesizedStack {
  terraform: { backend: { s3: Record<string, unknown> } };
  provider: { aws: { region: string; allowed_account_ids: string[]; default_tags: { tags: Record<string, string> }[] }[] };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('network stack (%s)', (_name, env) => {
  const stack = new NetworkStack(Testing.app(), env);
  const synthesized = Testing.synth(stack);
  const json = JSON.parse(synthesized) as SynthesizedStack;

  it('matches the snapshot', () => {
    expect(synthesized).toMatchSnapshot();
  });

  it('keeps its state in an encrypted, locked S3 object of its own', () => {
    expect(json.terraform.backend.s3).toEqual({
      bucket: env.terraformState.bucket,
      key: `${env.name}/network.tfstate`,
      region: env.aws.region,
      encrypt: true,
      use_lockfile: true,
    });
    expect(stack.node.children.some((c) => c instanceof S3Backend)).toBe(true);
  });

  it('pins the AWS provider to the environment account and region, with cost tags', () => {
    const [aws] = json.provider.aws;
    expect(aws?.region).toBe(env.aws.region);
    expect(aws?.allowed_account_ids).toEqual([env.aws.accountId]);
    expect(aws?.default_tags[0]?.tags).toMatchObject({ Environment: env.name, Owner: env.tags.owner, CostCentre: env.tags.costCentre });
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
});

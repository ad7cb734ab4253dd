import { Testing } from 'cdktf';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { describe, expect, it } from 'vitest';
import { lifecyclePolicy, repositoryName } from '../../cdktf/stacks/registry.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { resources, synthEnvironment } from './support.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('registry stack (%s)', (_name, env) => {
  const { text, json } = ((s) => ({ text: s.text.registry, json: s.json.registry }))(synthEnvironment(env));
  const repos = Object.values(resources(json, 'aws_ecr_repository'));

  it('creates one repository per configured image, including the CI toolbox', () => {
    expect(repos.map((r) => r.name).sort()).toEqual(env.registry.repositories.map((n) => repositoryName(env, n)).sort());
    expect(repos.map((r) => r.name)).toContain(`${env.resourcePrefix}/toolbox`);
  });

  it('makes tags immutable and scans every push', () => {
    for (const name of env.registry.repositories) {
      expect(
        Testing.toHaveResourceWithProperties(text, EcrRepository.tfResourceType, {
          name: repositoryName(env, name),
          image_tag_mutability: 'IMMUTABLE',
          image_scanning_configuration: { scan_on_push: true },
        }),
      ).toBe(true);
    }
  });

  it('encrypts every repository with a rotating customer-managed KMS key', () => {
    const keys = resources(json, 'aws_kms_key');
    expect(Object.values(keys).map((k) => k.enable_key_rotation)).toEqual([true]);
    const keyArn = `\${aws_kms_key.${Object.keys(keys)[0]}.arn}`;
    for (const repo of repos) expect(repo.encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: keyArn }]);
  });

  it('expires untagged images after the configured days and keeps the configured number of tagged ones', () => {
    const policies = Object.values(resources(json, 'aws_ecr_lifecycle_policy'));
    expect(policies).toHaveLength(repos.length);
    for (const p of policies) {
      const doc = JSON.parse(p.policy as string) as ReturnType<typeof lifecyclePolicy>;
      expect(doc).toEqual(lifecyclePolicy(env.registry));
      expect(doc.rules[0]?.selection).toMatchObject({ tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: env.registry.untaggedExpiryDays });
      expect(doc.rules[1]?.selection).toMatchObject({ tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: env.registry.keepTaggedImages });
    }
  });
});

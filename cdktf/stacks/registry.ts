import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import type { Registry } from '../../config/sections/registry.js';
import { RotatingKey } from '../lib/kms.js';
import { PlatformStack } from './platform-stack.js';

/** An ECR lifecycle policy document (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html). */
interface LifecyclePolicyDocument {
  readonly rules: readonly {
    readonly rulePriority: number;
    readonly description: string;
    readonly selection: {
      readonly tagStatus: 'untagged' | 'tagged' | 'any';
      readonly tagPatternList?: readonly string[];
      readonly countType: 'sinceImagePushed' | 'imageCountMoreThan';
      readonly countUnit?: 'days';
      readonly countNumber: number;
    };
    readonly action: { readonly type: 'expire' };
  }[];
}

/** Untagged images expire after `untaggedExpiryDays`; of tagged ones the newest `keepTaggedImages` stay. */
export function lifecyclePolicy(registry: Pick<Registry, 'untaggedExpiryDays' | 'keepTaggedImages'>): LifecyclePolicyDocument {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `expire untagged images after ${registry.untaggedExpiryDays} days`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: registry.untaggedExpiryDays },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `keep the last ${registry.keepTaggedImages} tagged images`,
        selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: registry.keepTaggedImages },
        action: { type: 'expire' },
      },
    ],
  };
}

/** The ECR repository name of an image the platform builds: `<resourcePrefix>/<name>`. */
export function repositoryName(env: Pick<Environment, 'resourcePrefix'>, name: string): string {
  return `${env.resourcePrefix}/${name}`;
}

/**
 * ECR repositories of the images the platform builds (`registry.repositories`): immutable tags, scan on push,
 * encrypted with a rotating customer-managed KMS key, and a lifecycle policy that bounds storage.
 */
export class RegistryStack extends PlatformStack {
  readonly key: RotatingKey;
  /** Repositories by their short name (`toolbox`, …). */
  readonly repositories: Readonly<Record<string, EcrRepository>>;

  constructor(scope: Construct, env: Environment) {
    super(scope, 'registry', env);
    this.key = new RotatingKey(this, 'ecr-key', {
      alias: `${env.resourcePrefix}/ecr`,
      description: `Encryption of the ECR repositories of ${env.resourcePrefix}`,
    });
    const policy = JSON.stringify(lifecyclePolicy(env.registry));
    const repositories: Record<string, EcrRepository> = {};
    for (const name of env.registry.repositories) {
      const repo = new EcrRepository(this, `repository-${name}`, {
        name: repositoryName(env, name),
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.key.key.arn }],
      });
      new EcrLifecyclePolicy(this, `repository-${name}-lifecycle`, { repository: repo.name, policy });
      repositories[name] = repo;
    }
    this.repositories = repositories;
  }
}

import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster/index.js';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import type { Registry } from '../../config/sections/registry.js';
import type { CatalogService } from '../../config/sections/services.js';
import { podRoleName, pushRoleName, repositoryName, serviceAccountName, serviceRepository } from '../../contracts/services.js';
import { RotatingKey } from '../lib/kms.js';
import { podIdentityRole, type ServiceRole } from '../lib/iam.js';
import { gitlabTrustPolicy, pushSubjects } from '../lib/gitlab-oidc.js';
import { PlatformStack } from './platform-stack.js';

export { repositoryName } from '../../contracts/services.js';

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

/** What a pipeline needs to push and inspect images in exactly one repository (plus the registry login). */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:DescribeImageScanFindings',
  'ecr:DescribeImages',
  'ecr:GetDownloadUrlForLayer',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
] as const;

export interface ServicePushRoleProps {
  readonly env: Pick<Environment, 'aws' | 'registry' | 'resourcePrefix'>;
  readonly service: Pick<CatalogService, 'name'>;
  /** The service's repository: the only one the role may push to. */
  readonly repository: EcrRepository;
}

/**
 * The IAM role a service's GitLab pipeline assumes with its OIDC ID token (`sts:AssumeRoleWithWebIdentity`, audience
 * `sts.amazonaws.com`, only from `<group>/<service>` on the protected branch or a tag) to push that service's images.
 * It may log in to the registry (`ecr:GetAuthorizationToken` has no resource) and push/read exactly one repository.
 */
export class ServicePushRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServicePushRoleProps) {
    super(scope, id);
    // The repository ARN in the inline policy is a token that Terraform resolves.
    const trust = gitlabTrustPolicy(props.env, pushSubjects(props.env.registry.ci, props.service.name));
    const name = pushRoleName(props.env, props.service);
    this.role = new IamRole(this, 'role', { name, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        // GetAuthorizationToken is account-wide by design (it names no repository); it grants no image access.
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Sid: 'PushOneRepository', Effect: 'Allow', Action: [...ECR_PUSH_ACTIONS], Resource: props.repository.arn },
      ],
    };
    new IamRolePolicy(this, 'inline', { name, role: this.role.name, policy: JSON.stringify(policy) });
  }
}

export interface RegistryStackProps {
  /** The cluster the services' Pod Identity associations belong to. */
  readonly cluster: EksCluster;
}

/**
 * ECR repositories of the images the platform builds (`registry.repositories`) and of every catalog service:
 * immutable tags, scan on push, encrypted with a rotating customer-managed KMS key, and a lifecycle policy that
 * bounds storage. Per catalog service also the GitLab OIDC push role limited to its repository (output `services`:
 * `{ <service>: { repository_url, push_role_arn } }`), and, when it declares AWS access, its EKS Pod Identity
 * role (exactly the declared actions on the declared resources) associated with its ServiceAccount.
 */
export class RegistryStack extends PlatformStack {
  readonly key: RotatingKey;
  /** Repositories by their short name (`toolbox`, a service's repository, …). */
  readonly repositories: Readonly<Record<string, EcrRepository>>;
  /** Push roles by service name. */
  readonly pushRoles: Readonly<Record<string, ServicePushRole>>;
  /** Pod Identity roles by service name (services that declare AWS access). */
  readonly podRoles: Readonly<Record<string, ServiceRole>>;

  constructor(scope: Construct, env: Environment, props: RegistryStackProps) {
    super(scope, 'registry', env);
    this.key = new RotatingKey(this, 'ecr-key', {
      alias: `${env.resourcePrefix}/ecr`,
      description: `Encryption of the ECR repositories of ${env.resourcePrefix}`,
    });
    const policy = JSON.stringify(lifecyclePolicy(env.registry));
    const repositories: Record<string, EcrRepository> = {};
    const names = [...env.registry.repositories, ...env.services.map((svc) => serviceRepository(svc))];
    for (const name of names) {
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

    const pushRoles: Record<string, ServicePushRole> = {};
    const podRoles: Record<string, ServiceRole> = {};
    const outputs: Record<string, { repository_url: string; push_role_arn: string }> = {};
    for (const svc of env.services) {
      const repository = repositories[serviceRepository(svc)];
      if (!repository) throw new Error(`service "${svc.name}": no repository "${serviceRepository(svc)}"; this is a bug in the registry stack`);
      const push = new ServicePushRole(this, `push-${svc.name}`, { env, service: svc, repository });
      pushRoles[svc.name] = push;
      outputs[svc.name] = { repository_url: repository.repositoryUrl, push_role_arn: push.role.arn };
      if (svc.aws && svc.deploy) {
        const role = podIdentityRole(this, `pod-${svc.name}`, {
          name: podRoleName(env, svc),
          statements: [{ sid: 'DeclaredAccess', effect: 'Allow', actions: [...svc.aws.actions], resources: [...svc.aws.resources] }],
        });
        new EksPodIdentityAssociation(this, `pod-${svc.name}-identity`, {
          clusterName: props.cluster.name,
          namespace: svc.namespace,
          serviceAccount: serviceAccountName(svc),
          roleArn: role.role.arn,
          dependsOn: [...role.grants],
        });
        podRoles[svc.name] = role;
      }
    }
    this.pushRoles = pushRoles;
    this.podRoles = podRoles;
    // One output for the whole catalog: `terraform output -json services` → { <service>: { repository_url, push_role_arn } }.
    // Passed as a token (resolved to the same JSON): cdktf 0.21 inspects a plain object output value with the
    // deprecated `util.isArray`, which Node 22+ reports as DEP0044 on the stderr of every `npm run synth`.
    new TerraformOutput(this, 'services', { value: Token.asAny(outputs), description: 'per catalog service: its ECR repository URL and the role its pipeline assumes to push' });
  }
}

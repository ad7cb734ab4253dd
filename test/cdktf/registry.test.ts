import { Testing } from 'cdktf';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import { describe, expect, it } from 'vitest';
import { pushSubjects } from '../../cdktf/lib/gitlab-oidc.js';
import { ECR_PUSH_ACTIONS, lifecyclePolicy, repositoryName } from '../../cdktf/stacks/registry.js';
import { podRoleName, pushRoleName, serviceRepository } from '../../contracts/services.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { dataSources, type PolicyStatement, policyStatements, resources, synthEnvironment, type TfJson } from './support.js';

function documentOf(_json: TfJson, policy: unknown): PolicyStatement[] {
  return policyStatements(policy);
}

/** A data-source policy document (the Pod Identity roles of cdktf/lib/iam.ts use them). */
function dataDocumentOf(json: TfJson, reference: unknown): { sid?: string; effect: string; actions: string[]; resources?: string[]; principals?: unknown }[] {
  const id = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(reference))?.[1] ?? '';
  const doc = dataSources(json, 'aws_iam_policy_document')[id];
  if (!doc) throw new Error(`no policy document ${String(reference)}`);
  return doc.statement as { sid?: string; effect: string; actions: string[]; resources?: string[] }[];
}

function roleNamed(json: TfJson, name: string): { id: string; role: Record<string, unknown> } {
  const entry = Object.entries(resources(json, 'aws_iam_role')).find(([, r]) => r.name === name);
  if (!entry) throw new Error(`no role ${name}`);
  return { id: entry[0], role: entry[1] };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('registry stack (%s)', (_name, env) => {
  const { text, json } = ((s) => ({ text: s.text.registry, json: s.json.registry }))(synthEnvironment(env));
  const repos = Object.values(resources(json, 'aws_ecr_repository'));

  it('creates one repository per configured image and per catalog service, including the CI toolbox', () => {
    const expected = [...env.registry.repositories, ...env.services.map((s) => serviceRepository(s))].map((n) => repositoryName(env, n));
    expect(repos.map((r) => r.name).sort()).toEqual(expected.sort());
    expect(repos.map((r) => r.name)).toContain(`${env.resourcePrefix}/toolbox`);
    expect(env.services.length).toBeGreaterThan(0);
  });

  it('gives every catalog service a push role trusted only by its GitLab project on the protected branch or a tag', () => {
    const host = new URL(env.registry.ci.gitlabUrl).host;
    for (const svc of env.services) {
      const { role } = roleNamed(json, pushRoleName(env, svc));
      expect(role.name).toBe(`obs-${env.name}-ci-push-${svc.name}`);
      const [trust, ...more] = documentOf(json, role.assume_role_policy);
      expect(more).toEqual([]);
      expect(trust?.Effect).toBe('Allow');
      expect(trust?.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(trust?.Principal).toEqual({ Federated: `arn:aws:iam::${env.aws.accountId}:oidc-provider/${host}` });
      expect(trust?.Condition).toEqual({
        StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${host}:sub`]: pushSubjects(env.registry.ci, svc.name) },
      });
      expect(pushSubjects(env.registry.ci, svc.name)[0]).toBe(`project_path:${env.registry.ci.group}/${svc.name}:ref_type:branch:ref:${env.registry.ci.branch}`);
    }
  });

  it('lets a push role push to its own repository only (plus the registry login, which names no repository)', () => {
    const repoIds = Object.fromEntries(Object.entries(resources(json, 'aws_ecr_repository')).map(([id, r]) => [r.name, id]));
    for (const svc of env.services) {
      const { id } = roleNamed(json, pushRoleName(env, svc));
      const inline = Object.values(resources(json, 'aws_iam_role_policy')).find((p) => p.role === `\${aws_iam_role.${id}.name}`);
      const statements = documentOf(json, inline?.policy);
      expect(statements).toEqual([
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        {
          Sid: 'PushOneRepository',
          Effect: 'Allow',
          Action: [...ECR_PUSH_ACTIONS],
          Resource: `\${aws_ecr_repository.${repoIds[repositoryName(env, serviceRepository(svc))] ?? 'missing'}.arn}`,
        },
      ]);
    }
  });

  it('exports each service\'s repository URL and push role ARN in the one services output', () => {
    const outputs = (json as TfJson & { output?: Record<string, { value: Record<string, { repository_url: string; push_role_arn: string }> }> }).output ?? {};
    const services = outputs.services?.value ?? {};
    expect(Object.keys(services).sort()).toEqual(env.services.map((s) => s.name).sort());
    for (const svc of env.services) {
      expect(services[svc.name]?.repository_url).toMatch(/^\$\{aws_ecr_repository\.[^.]+\.repository_url\}$/);
      expect(services[svc.name]?.push_role_arn).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
    }
  });

  it('gives a Pod Identity role exactly to the deployed services that declare AWS access', () => {
    const associations = Object.values(resources(json, 'aws_eks_pod_identity_association'));
    const withAccess = env.services.filter((s) => s.deploy && s.aws);
    expect(associations.map((a) => `${String(a.namespace)}/${String(a.service_account)}`).sort()).toEqual(withAccess.map((s) => `${s.namespace}/${s.name}`).sort());
    for (const svc of withAccess) {
      const { id, role } = roleNamed(json, podRoleName(env, svc));
      expect(dataDocumentOf(json, role.assume_role_policy)[0]?.principals).toEqual([{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }]);
      const inline = Object.values(resources(json, 'aws_iam_role_policy')).find((p) => p.role === `\${aws_iam_role.${id}.name}`);
      expect(dataDocumentOf(json, inline?.policy)).toEqual([{ sid: 'DeclaredAccess', effect: 'Allow', actions: svc.aws?.actions, resources: svc.aws?.resources }]);
      expect(associations.find((a) => a.service_account === svc.name)?.role_arn).toBe(`\${aws_iam_role.${id}.arn}`);
    }
  });

  it('makes tags immutable and scans every push', () => {
    for (const name of [...env.registry.repositories, ...env.services.map((s) => serviceRepository(s))]) {
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

describe('registry stack, services', () => {
  it('is exercised with AWS access by a shipped environment (dev checkout), so the Pod Identity checks are not vacuous', () => {
    const env = environment('dev');
    expect(env.services.some((s) => s.aws !== undefined)).toBe(true);
  });
});

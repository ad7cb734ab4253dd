import { describe, expect, it } from 'vitest';
import { gitlabOidcProviderArn } from '../../cdktf/lib/gitlab-oidc.js';
import { deployNamespaces, SERVICE_DEPLOY_POLICY } from '../../cdktf/lib/service-deploy-role.js';
import { deployedServices, serviceDeployRoleArn, serviceDeployRoleName } from '../../contracts/services.js';
import type { Environment } from '../../config/derive.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { policyStatements, resources, synthEnvironment, type TfJson, withOverrides } from './support.js';

/** The deploy role, its inline policy, access entry, policy association and output in a cluster stack. */
function deployParts(json: TfJson, env: Environment) {
  const roles = Object.entries(resources(json, 'aws_iam_role')).filter(([, r]) => r.name === serviceDeployRoleName(env));
  const [roleId, role] = roles[0] ?? [];
  const ref = `\${aws_iam_role.${roleId ?? 'none'}`;
  const inline = Object.values(resources(json, 'aws_iam_role_policy')).filter((p) => p.role === `${ref}.name}`);
  const entries = Object.entries(resources(json, 'aws_eks_access_entry')).filter(([, e]) => e.principal_arn === `${ref}.arn}`);
  const entryRef = `\${aws_eks_access_entry.${entries[0]?.[0] ?? 'none'}.principal_arn}`;
  const associations = Object.values(resources(json, 'aws_eks_access_policy_association')).filter((a) => a.principal_arn === entryRef);
  const output = (json as TfJson & { output?: Record<string, { value: unknown }> }).output?.service_deploy_role_arn;
  return { roles, role, ref, inline, entries, associations, output };
}

const DEPLOYING = ENVIRONMENTS.filter((env) => deployedServices(env.services).length > 0);

describe('service deploy role, per environment', () => {
  it('exists exactly in the environments that deploy a catalog service (dev at least; prod only monitors today)', () => {
    expect(DEPLOYING.map((e) => e.name)).toContain('dev');
    for (const env of ENVIRONMENTS) {
      const parts = deployParts(synthEnvironment(env).json.cluster, env);
      expect(parts.roles.length, env.name).toBe(DEPLOYING.includes(env) ? 1 : 0);
      expect(parts.output === undefined, env.name).toBe(!DEPLOYING.includes(env));
    }
  });
});

describe.each(DEPLOYING.map((env) => [env.name, env] as const))('service deploy role (%s)', (_name, env) => {
  const json = synthEnvironment(env).json.cluster;
  const parts = deployParts(json, env);
  const host = new URL(env.registry.ci.gitlabUrl).host;
  const clusterId = Object.keys(resources(json, 'aws_eks_cluster'))[0] ?? 'none';

  it('creates one role named obs-<env>-service-deploy, the name the deploy job assumes by default', () => {
    expect(parts.roles).toHaveLength(1);
    expect(parts.role?.name).toBe(`obs-${env.name}-service-deploy`);
    expect(serviceDeployRoleArn(env)).toBe(`arn:aws:iam::${env.aws.accountId}:role/obs-${env.name}-service-deploy`);
  });

  it('is assumable only through the GitLab OIDC provider, with the STS audience, from the group\'s projects on the refs that deploy there', () => {
    const [trust, ...more] = policyStatements(parts.role?.assume_role_policy);
    expect(more).toEqual([]);
    expect(trust?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust?.Principal).toEqual({ Federated: gitlabOidcProviderArn(env) });
    const group = env.registry.ci.group;
    const subjects =
      env.tier === 'production'
        ? [`project_path:${group}/*:ref_type:tag:ref:*`]
        : [`project_path:${group}/*:ref_type:branch:ref:${env.registry.ci.branch}`, `project_path:${group}/*:ref_type:tag:ref:*`];
    expect(trust?.Condition).toEqual({ StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${host}:sub`]: subjects } });
  });

  it('reuses the registry\'s GitLab provider instead of creating a second one', () => {
    expect(resources(json, 'aws_iam_openid_connect_provider')).toEqual({});
    const push = Object.values(resources(synthEnvironment(env).json.registry, 'aws_iam_role')).find((r) => String(r.name).includes('-ci-push-'));
    expect(policyStatements(push?.assume_role_policy)[0]?.Principal).toEqual(policyStatements(parts.role?.assume_role_policy)[0]?.Principal);
  });

  it('may only describe this cluster: no wildcard action or resource', () => {
    expect(parts.inline).toHaveLength(1);
    expect(policyStatements(parts.inline[0]?.policy)).toEqual([
      { Sid: 'DescribeThisCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: `\${aws_eks_cluster.${clusterId}.arn}` },
    ]);
    expect(JSON.stringify(policyStatements(parts.inline[0]?.policy))).not.toContain('*');
  });

  it('has an access entry with the edit policy scoped to exactly the namespaces of the services deployed here', () => {
    expect(parts.entries).toHaveLength(1);
    expect(parts.entries[0]?.[1]).toMatchObject({ type: 'STANDARD', cluster_name: `\${aws_eks_cluster.${clusterId}.name}` });
    const expected = [...new Set(deployedServices(env.services).map((s) => s.namespace))].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(parts.associations).toEqual([
      { cluster_name: `\${aws_eks_cluster.${clusterId}.name}`, principal_arn: expect.any(String), policy_arn: SERVICE_DEPLOY_POLICY, access_scope: { type: 'namespace', namespaces: expected } },
    ]);
    expect(SERVICE_DEPLOY_POLICY).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy');
  });

  it('exports its ARN as service_deploy_role_arn', () => {
    expect(parts.output?.value).toBe(`${parts.ref}.arn}`);
  });
});

describe('service deploy role, from the catalog', () => {
  const dev = environment('dev');

  it('leaves out the namespaces of monitored-only services and lists a shared namespace once', () => {
    const services = [
      { ...dev.services[0]!, name: 'a', namespace: 'shop', deploy: true },
      { ...dev.services[0]!, name: 'b', namespace: 'shop', deploy: true },
      { ...dev.services[0]!, name: 'c', namespace: 'legacy', deploy: false },
      { ...dev.services[0]!, name: 'd', namespace: 'billing', deploy: true },
    ];
    expect(deployNamespaces(services)).toEqual(['billing', 'shop']);
    const json = synthEnvironment(withOverrides(dev, () => ({ services }))).json.cluster;
    const { associations } = deployParts(json, dev);
    expect((associations[0]?.access_scope as { namespaces: string[] }).namespaces).toEqual(['billing', 'shop']);
  });

  it('trusts only tags in a production tier (the branch deploys only non-production environments)', () => {
    const json = synthEnvironment(withOverrides(dev, () => ({ tier: 'production' }))).json.cluster;
    const host = new URL(dev.registry.ci.gitlabUrl).host;
    expect(policyStatements(deployParts(json, dev).role?.assume_role_policy)[0]?.Condition?.StringLike).toEqual({ [`${host}:sub`]: [`project_path:${dev.registry.ci.group}/*:ref_type:tag:ref:*`] });
  });

  it('is not created when the environment deploys no service (no access entry with an empty scope)', () => {
    const json = synthEnvironment(withOverrides(dev, (e) => ({ services: e.services.map((s) => ({ ...s, deploy: false })) }))).json.cluster;
    const parts = deployParts(json, dev);
    expect(parts.roles).toEqual([]);
    expect(parts.output).toBeUndefined();
  });
});

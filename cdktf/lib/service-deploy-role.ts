/**
 * The role the service pipelines' deploy jobs assume (templates/service-pipeline.yml `deploy:<env>`,
 * ci/service/deploy.sh): GitLab OIDC only, `eks:DescribeCluster` on one cluster, and an EKS access entry with edit
 * rights in the namespaces of the catalog services the environment deploys, nowhere else.
 */
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry/index.js';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association/index.js';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import type { CatalogService } from '../../config/sections/services.js';
import { deployedServices, serviceDeployRoleName } from '../../contracts/services.js';
import { gitlabSubject, gitlabTrustPolicy } from './gitlab-oidc.js';

/**
 * Access policy of the deploy role, similar to the Kubernetes `edit` role (AWS: "Review access policy permissions"):
 * the Deployments, Services, ConfigMaps, HPAs, PDBs and ServiceAccounts a service deploy applies and rolls back, but
 * no Roles or RoleBindings. Always associated with a `namespace` scope.
 */
export const SERVICE_DEPLOY_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';

/** The only AWS action the deploy role has: `aws eks update-kubeconfig` reads the cluster's endpoint and CA. */
export const SERVICE_DEPLOY_ACTIONS = ['eks:DescribeCluster'] as const;

/** The namespaces the deploy role may edit: those of the catalog services the environment deploys, sorted, once each. */
export function deployNamespaces(services: readonly Pick<CatalogService, 'deploy' | 'namespace'>[]): string[] {
  return [...new Set(deployedServices(services).map((s) => s.namespace))].sort();
}

/**
 * `sub` claims allowed to deploy, in GitLab's default form: any project of `registry.ci.group` on the refs whose
 * pipelines run that environment's deploy job (templates/service-pipeline.yml): tags everywhere, and in a
 * non-production tier also the protected branch (`deploy:dev` runs on the default branch).
 */
export function deploySubjects(env: Pick<Environment, 'tier' | 'registry'>): string[] {
  const projects = `${env.registry.ci.group}/*`;
  const tags = gitlabSubject(projects, 'tag', '*');
  return env.tier === 'production' ? [tags] : [gitlabSubject(projects, 'branch', env.registry.ci.branch), tags];
}

export interface ServiceDeployRoleProps {
  readonly env: Pick<Environment, 'aws' | 'registry' | 'resourcePrefix' | 'tier' | 'services'>;
  /** The cluster the role deploys to: its ARN bounds `eks:DescribeCluster`, its name holds the access entry. */
  readonly cluster: EksCluster;
}

/** See the module comment. Create it only when the environment deploys at least one service. */
export class ServiceDeployRole extends Construct {
  readonly role: IamRole;
  readonly accessEntry: EksAccessEntry;
  /** The namespaces of the access scope. */
  readonly namespaces: readonly string[];

  constructor(scope: Construct, id: string, props: ServiceDeployRoleProps) {
    super(scope, id);
    this.namespaces = deployNamespaces(props.env.services);
    const name = serviceDeployRoleName(props.env);
    if (this.namespaces.length === 0) {
      throw new Error(`role ${name}: the environment deploys no catalog service (every services[] entry has deploy: false); create the role only when one is deployed`);
    }
    const trust = gitlabTrustPolicy(props.env, deploySubjects(props.env));
    this.role = new IamRole(this, 'role', { name, assumeRolePolicy: JSON.stringify(trust), maxSessionDuration: 3600 });
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DescribeThisCluster', Effect: 'Allow', Action: [...SERVICE_DEPLOY_ACTIONS], Resource: props.cluster.arn }],
    };
    new IamRolePolicy(this, 'inline', { name, role: this.role.name, policy: JSON.stringify(policy) });
    this.accessEntry = new EksAccessEntry(this, 'access', { clusterName: props.cluster.name, principalArn: this.role.arn, type: 'STANDARD' });
    new EksAccessPolicyAssociation(this, 'access-policy', {
      clusterName: props.cluster.name,
      principalArn: this.accessEntry.principalArn,
      policyArn: SERVICE_DEPLOY_POLICY,
      accessScope: { type: 'namespace', namespaces: [...this.namespaces] },
    });
  }
}

/**
 * The gateway's load balancer, end to end, from the synthesized outputs: the EnvoyProxy Service annotations in
 * charts-out/<env>/gateway.k8s.yaml ↔ the AWS Load Balancer Controller release of the addons stack ↔ its Pod
 * Identity role and IAM policy ↔ the subnet tags of the network stack. A break anywhere leaves the Service pending.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  AWS_LOAD_BALANCER_CONTROLLER_CHART,
  LB_ANNOTATIONS,
  LB_TYPE_EXTERNAL,
  NLB_TARGET_TYPE_IP,
  SUBNET_ROLE_TAG_VALUE,
  SUBNET_ROLE_TAGS,
  type LoadBalancerScheme,
} from '../../contracts/aws-load-balancer-controller.js';
import { CRD_BUNDLES } from '../../scripts/lib/crds.js';
import { CHARTS_OUT } from '../support/repo.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { dataSources, resources, synthEnvironment, type TfJson } from './support.js';

type Body = Record<string, unknown>;

interface PolicyStatement {
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

interface Chain {
  /** Annotations of the EnvoyProxy's Service. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly addons: TfJson;
  readonly network: TfJson;
}

/** Actions the controller needs to create and maintain an NLB with IP targets for a Service. */
const NLB_ACTIONS = [
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:CreateSecurityGroup',
  'ec2:AuthorizeSecurityGroupIngress',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
  'elasticloadbalancing:ModifyTargetGroupAttributes',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:AddTags',
];

/** `${type.name.attr}` → `type.name` (`${data.type.name.attr}` → `type.name`). */
function refOf(expression: unknown): string | undefined {
  return typeof expression === 'string' ? /^\$\{(?:data\.)?([\w-]+\.[\w-]+)\.\w+\}$/.exec(expression)?.[1] : undefined;
}

/** Everything that breaks the chain, in words; empty when the gateway gets its NLB. */
function chainProblems(chain: Chain): string[] {
  const problems: string[] = [];
  const a = chain.annotations;
  if (a[LB_ANNOTATIONS.type] !== LB_TYPE_EXTERNAL) problems.push(`annotation ${LB_ANNOTATIONS.type} is ${a[LB_ANNOTATIONS.type]}, not external`);
  if (a[LB_ANNOTATIONS.targetType] !== NLB_TARGET_TYPE_IP) problems.push(`annotation ${LB_ANNOTATIONS.targetType} is ${a[LB_ANNOTATIONS.targetType]}, not ip`);
  const scheme = a[LB_ANNOTATIONS.scheme] as LoadBalancerScheme | undefined;
  if (scheme !== 'internet-facing' && scheme !== 'internal') problems.push(`annotation ${LB_ANNOTATIONS.scheme} is ${scheme}`);

  // The controller release and its values.
  const release = Object.values(resources(chain.addons, 'helm_release')).find((r) => r.chart === AWS_LOAD_BALANCER_CONTROLLER_CHART.chart);
  if (!release) return [...problems, 'no aws-load-balancer-controller release in the addons stack'];
  if (release.repository !== AWS_LOAD_BALANCER_CONTROLLER_CHART.repository || release.version !== AWS_LOAD_BALANCER_CONTROLLER_CHART.version) {
    problems.push(`controller chart is ${String(release.repository)} ${String(release.version)}`);
  }
  const values = JSON.parse((release.values as string[])[0] as string) as Body;
  const serviceAccount = (values.serviceAccount as Body | undefined)?.name;
  if (typeof values.clusterName !== 'string' || !values.clusterName.includes('aws_eks_cluster')) problems.push('controller values name no cluster');
  if (typeof values.vpcId !== 'string' || !values.vpcId.includes('aws_vpc')) problems.push('controller values name no VPC');
  if (values.enableServiceMutatorWebhook !== false && a[LB_ANNOTATIONS.type] !== LB_TYPE_EXTERNAL) problems.push('no controller would pick the Service');

  // Pod Identity: the release's ServiceAccount, in the release's namespace, gets the role with the policy.
  const associations = resources(chain.addons, 'aws_eks_pod_identity_association');
  const [associationId, association] =
    Object.entries(associations).find(([, b]) => b.namespace === release.namespace && b.service_account === serviceAccount) ?? [];
  if (!association || !associationId) return [...problems, `no Pod Identity association for ${String(release.namespace)}/${String(serviceAccount)}`];
  const dependsOn = (release.depends_on as string[] | undefined) ?? [];
  if (!dependsOn.includes(`aws_eks_pod_identity_association.${associationId}`)) problems.push('the release does not wait for its Pod Identity association');
  const role = refOf(association.role_arn);
  const attachments = Object.values(resources(chain.addons, 'aws_iam_role_policy_attachment')).filter((b) => refOf(b.role) === role);
  const policies = resources(chain.addons, 'aws_iam_policy');
  const documents = dataSources(chain.addons, 'aws_iam_policy_document');
  const statements = attachments.flatMap((att) => {
    const policy = policies[refOf(att.policy_arn)?.split('.')[1] ?? ''];
    const doc = documents[refOf(policy?.policy)?.split('.')[1] ?? ''];
    return (doc?.statement ?? []) as PolicyStatement[];
  });
  const allowed = new Set(statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.actions ?? []));
  const missing = NLB_ACTIONS.filter((action) => !allowed.has(action));
  if (missing.length > 0) problems.push(`the controller's role lacks ${missing.join(', ')}`);
  // Deletes are limited to what the controller tagged as its own.
  const deletes = statements.filter((s) => s.actions?.includes('elasticloadbalancing:DeleteLoadBalancer'));
  if (deletes.some((s) => !s.condition?.some((c) => c.variable === 'aws:ResourceTag/elbv2.k8s.aws/cluster'))) {
    problems.push('DeleteLoadBalancer is not limited to load balancers tagged elbv2.k8s.aws/cluster');
  }

  // Subnets: the scheme's role tag on subnets of the matching kind (public = routed to the internet gateway).
  if (scheme === 'internet-facing' || scheme === 'internal') {
    const subnets = resources(chain.network, 'aws_subnet');
    const routes = Object.values(resources(chain.network, 'aws_route'));
    const igwTables = new Set(routes.filter((r) => typeof r.gateway_id === 'string' && r.gateway_id.includes('aws_internet_gateway')).map((r) => refOf(r.route_table_id)));
    const publicSubnets = new Set(
      Object.values(resources(chain.network, 'aws_route_table_association')).filter((x) => igwTables.has(refOf(x.route_table_id))).map((x) => refOf(x.subnet_id)),
    );
    const tagged = Object.entries(subnets).filter(([, s]) => (s.tags as Record<string, string> | undefined)?.[SUBNET_ROLE_TAGS[scheme]] === SUBNET_ROLE_TAG_VALUE);
    if (tagged.length === 0) problems.push(`no subnet is tagged ${SUBNET_ROLE_TAGS[scheme]}`);
    for (const [id] of tagged) {
      const isPublic = publicSubnets.has(`aws_subnet.${id}`);
      if (isPublic !== (scheme === 'internet-facing')) problems.push(`subnet ${id} is tagged ${SUBNET_ROLE_TAGS[scheme]} but is ${isPublic ? 'public' : 'private'}`);
    }
  }
  return problems;
}

function envoyServiceAnnotations(envName: string): Record<string, string> {
  const docs = parseAllDocuments(readFileSync(join(CHARTS_OUT, envName, 'gateway.k8s.yaml'), 'utf8')).map((d) => d.toJS() as Body);
  const proxy = docs.find((d) => d.kind === 'EnvoyProxy');
  const spec = proxy?.spec as { provider: { kubernetes: { envoyService: { annotations: Record<string, string> } } } } | undefined;
  if (!spec) throw new Error(`no EnvoyProxy in charts-out/${envName}/gateway.k8s.yaml`);
  return spec.provider.kubernetes.envoyService.annotations;
}

/** A deep copy of a Terraform document with one change. */
function edited(doc: TfJson, edit: (copy: { resource: Record<string, Record<string, Body>>; data: Record<string, Record<string, Body>> }) => void): TfJson {
  const copy = structuredClone(doc) as unknown as { resource: Record<string, Record<string, Body>>; data: Record<string, Record<string, Body>> };
  edit(copy);
  return copy as unknown as TfJson;
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('gateway load balancer chain (%s)', (name, env) => {
  const synthesized = synthEnvironment(env);
  const chain: Chain = { annotations: envoyServiceAnnotations(name), addons: synthesized.json.addons, network: synthesized.json.network };

  it('is whole: annotation ↔ controller release ↔ Pod Identity role and policy ↔ subnet tags', () => {
    expect(chainProblems(chain)).toEqual([]);
  });

  it('asks for the scheme of the config and finds subnets tagged for it', () => {
    expect(chain.annotations[LB_ANNOTATIONS.scheme]).toBe(env.gateway.loadBalancerScheme);
    const subnets = Object.values(resources(chain.network, 'aws_subnet'));
    const tag = SUBNET_ROLE_TAGS[env.gateway.loadBalancerScheme];
    expect(subnets.filter((s) => (s.tags as Record<string, string>)[tag] === '1')).toHaveLength(env.network.availabilityZones.length);
  });

  it('gives the controller the cluster, region and VPC it cannot look up (IMDS hop limit 1)', () => {
    const release = resources(chain.addons, 'helm_release')[AWS_LOAD_BALANCER_CONTROLLER_CHART.release];
    const values = JSON.parse((release?.values as string[])[0] as string) as Body;
    expect(values.region).toBe(env.aws.region);
    expect(values.replicaCount).toBe(env.addons.awsLoadBalancerController.replicas);
    expect(release?.namespace).toBe('kube-system');
  });

  it('leaves its CRDs to the pinned set of the same release (Helm skips them), applied before this stack', () => {
    const release = resources(chain.addons, 'helm_release')[AWS_LOAD_BALANCER_CONTROLLER_CHART.release];
    expect(release?.skip_crds).toBe(true);
    const set = CRD_BUNDLES.find((b) => b.repository === 'kubernetes-sigs/aws-load-balancer-controller');
    // Chart x.y.z ships controller vx.y.z and that tag's helm/aws-load-balancer-controller/crds/.
    expect(set?.tag).toBe(`v${AWS_LOAD_BALANCER_CONTROLLER_CHART.version}`);
    expect(set?.path).toBe('helm/aws-load-balancer-controller/crds/');
  });

  it('installs the controller before Envoy Gateway', () => {
    const gateway = resources(chain.addons, 'helm_release')['envoy-gateway'];
    expect(gateway?.depends_on).toContain(`helm_release.${AWS_LOAD_BALANCER_CONTROLLER_CHART.release}`);
  });

  if (name !== 'prod') return;

  it('reports a Service that asks the in-tree provider for its load balancer', () => {
    expect(chainProblems({ ...chain, annotations: { ...chain.annotations, [LB_ANNOTATIONS.type]: 'nlb' } })).toContain(
      `annotation ${LB_ANNOTATIONS.type} is nlb, not external`,
    );
  });

  it('reports subnets without the role tag', () => {
    const network = edited(chain.network, (d) => {
      for (const subnet of Object.values(d.resource.aws_subnet ?? {})) delete (subnet.tags as Record<string, string>)[SUBNET_ROLE_TAGS['internet-facing']];
    });
    expect(chainProblems({ ...chain, network })).toContain(`no subnet is tagged ${SUBNET_ROLE_TAGS['internet-facing']}`);
  });

  it('reports a policy without the load balancer actions', () => {
    const addons = edited(chain.addons, (d) => {
      for (const [id, doc] of Object.entries(d.data.aws_iam_policy_document ?? {})) {
        if (id.startsWith('aws-load-balancer-controller')) {
          doc.statement = (doc.statement as PolicyStatement[]).map((s) => ({ ...s, actions: s.actions?.filter((x) => x !== 'elasticloadbalancing:CreateLoadBalancer') }));
        }
      }
    });
    expect(chainProblems({ ...chain, addons })).toContain("the controller's role lacks elasticloadbalancing:CreateLoadBalancer");
  });

  it('reports a Pod Identity association for another ServiceAccount', () => {
    const addons = edited(chain.addons, (d) => {
      for (const association of Object.values(d.resource.aws_eks_pod_identity_association ?? {})) {
        if (association.service_account === 'aws-load-balancer-controller') association.service_account = 'default';
      }
    });
    expect(chainProblems({ ...chain, addons })).toContain('no Pod Identity association for kube-system/aws-load-balancer-controller');
  });
});

/**
 * Production reality on AWS, asserted on the synthesized Terraform JSON of every environment: a Kubernetes version in
 * standard support with an explicit upgrade policy, pinned add-ons and node AMI, the read-only plan role's access
 * entry, VPC flow logs with a retention, a default security group without rules, and the account-level EBS
 * encryption default in a stack of its own.
 */
import { describe, expect, it } from 'vitest';
import { EKS_VERSIONS } from '../../cdktf/lib/eks-versions.js';
import { CLUSTER_VIEW_POLICY } from '../../cdktf/stacks/cluster.js';
import { STACK_ORDER } from '../../cdktf/stacks/index.js';
import { FLOW_LOG_ACTIONS } from '../../cdktf/stacks/network.js';
import { KUBERNETES_VERSIONS } from '../../config/sections/cluster.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { dataSources, resources, synthEnvironment } from './support.js';

/** An EKS add-on build: `v<semver>-eksbuild.<n>`. */
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

function only(block: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const values = Object.values(block);
  expect(values).toHaveLength(1);
  return values[0] as Record<string, unknown>;
}

describe('supported Kubernetes versions', () => {
  it('accepts only minor versions >= 1.36 and pins add-ons and the node AMI for each', () => {
    for (const version of KUBERNETES_VERSIONS) {
      expect(Number(version.split('.')[1])).toBeGreaterThanOrEqual(36);
      const pins = EKS_VERSIONS[version];
      expect(pins.nodeAmiRelease.startsWith(`${version}.`)).toBe(true);
      expect(pins.nodeAmiRelease).toMatch(/^\d+\.\d+\.\d+-\d{8}$/);
      for (const v of Object.values(pins.addons)) expect(v).toMatch(ADDON_VERSION);
      // kube-proxy follows the Kubernetes minor version exactly.
      expect(pins.addons['kube-proxy'].startsWith(`v${version}.`)).toBe(true);
    }
  });
});

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('production reality (%s)', (_name, env) => {
  const { json } = synthEnvironment(env);
  const cluster = only(resources(json.cluster, 'aws_eks_cluster'));
  const pins = EKS_VERSIONS[env.cluster.kubernetesVersion];

  it('runs a Kubernetes version in standard support with an explicit STANDARD upgrade policy', () => {
    expect(Number(String(cluster.version).split('.')[1])).toBeGreaterThanOrEqual(35);
    expect(cluster.version).toBe(env.cluster.kubernetesVersion);
    expect(cluster.upgrade_policy).toEqual({ support_type: 'STANDARD' });
  });

  it('pins addon_version on every EKS add-on to the build of its Kubernetes version', () => {
    const addons = Object.values(resources(json.cluster, 'aws_eks_addon'));
    expect(addons.map((a) => a.addon_name).sort()).toEqual(Object.keys(pins.addons).sort());
    for (const addon of addons) {
      expect(addon.addon_version).toMatch(ADDON_VERSION);
      expect(addon.addon_version).toBe(pins.addons[addon.addon_name as keyof typeof pins.addons]);
    }
  });

  it('pins the node group AMI release to the control-plane minor version', () => {
    const nodes = only(resources(json.cluster, 'aws_eks_node_group'));
    expect(nodes.version).toBe(env.cluster.kubernetesVersion);
    expect(nodes.release_version).toBe(pins.nodeAmiRelease);
    expect(String(nodes.release_version).startsWith(`${env.cluster.kubernetesVersion}.`)).toBe(true);
  });

  it('gives each plan role a read-only, cluster-scoped access entry (view policy, no admin)', () => {
    expect(env.cluster.planRoleArns.length).toBeGreaterThan(0);
    const entries = Object.entries(resources(json.cluster, 'aws_eks_access_entry')).filter(([id]) => id.startsWith('plan-'));
    expect(entries.map(([, e]) => e.principal_arn)).toEqual(env.cluster.planRoleArns);
    for (const [, e] of entries) expect(e.type).toBe('STANDARD');
    const associations = Object.entries(resources(json.cluster, 'aws_eks_access_policy_association')).filter(([id]) => id.startsWith('plan-'));
    expect(associations).toHaveLength(env.cluster.planRoleArns.length);
    for (const [, a] of associations) {
      expect(a.policy_arn).toBe(CLUSTER_VIEW_POLICY);
      expect(a.access_scope).toEqual({ type: 'cluster' });
    }
    expect(env.cluster.planRoleArns.some((arn) => env.cluster.adminRoleArns.includes(arn))).toBe(false);
  });

  it('logs all VPC traffic to a CloudWatch group with a retention, written by a role limited to that group', () => {
    const flowLog = only(resources(json.network, 'aws_flow_log'));
    expect(flowLog).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', vpc_id: '${aws_vpc.vpc.id}' });
    const groups = resources(json.network, 'aws_cloudwatch_log_group');
    expect(flowLog.log_destination).toBe('${aws_cloudwatch_log_group.flow-logs.arn}');
    expect(groups['flow-logs']?.retention_in_days).toBe(env.cluster.logRetentionDays);
    const policy = Object.entries(dataSources(json.network, 'aws_iam_policy_document')).find(([id]) => id.startsWith('flow-logs-policy'))?.[1];
    expect(policy?.statement).toEqual([
      expect.objectContaining({ actions: [...FLOW_LOG_ACTIONS], resources: ['${aws_cloudwatch_log_group.flow-logs.arn}:log-stream:*'] }),
    ]);
  });

  it('manages the default security group with no rules', () => {
    const sg = only(resources(json.network, 'aws_default_security_group'));
    expect(sg.vpc_id).toBe('${aws_vpc.vpc.id}');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it('keeps the account-wide EBS encryption default in the account stack only, guarded against destroy', () => {
    expect(STACK_ORDER[0]).toBe('account');
    const setting = only(resources(json.account, 'aws_ebs_encryption_by_default'));
    expect(setting).toMatchObject({ enabled: true, lifecycle: { prevent_destroy: true } });
    for (const stack of STACK_ORDER.filter((s) => s !== 'account')) expect(resources(json[stack], 'aws_ebs_encryption_by_default')).toEqual({});
    expect(json.account.terraform.backend.s3.key).toBe(`${env.name}/account.tfstate`);
  });
});

import { describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN_POLICY, CLUSTER_KEY_ACTIONS, CONTROL_PLANE_LOG_TYPES, NODE_AMI_TYPE } from '../../cdktf/stacks/cluster.js';
import { nodeUserData } from '../../cdktf/lib/node-user-data.js';
import type { Environment } from '../../config/derive.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { dataSources, resources, synthEnvironment, type TfJson, withOverrides } from './support.js';

function only(block: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const values = Object.values(block);
  expect(values).toHaveLength(1);
  return values[0] as Record<string, unknown>;
}

function synthCluster(env: Environment): { text: string; json: TfJson } {
  const synthesized = synthEnvironment(env);
  return { text: synthesized.text.cluster, json: synthesized.json.cluster };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('cluster stack (%s)', (_name, env) => {
  const { text, json } = synthCluster(env);
  const cluster = only(resources(json, 'aws_eks_cluster'));
  const vpcConfig = cluster.vpc_config as Record<string, unknown>;

  it('keeps the API endpoint private unless public CIDRs are configured', () => {
    expect(vpcConfig.endpoint_private_access).toBe(true);
    expect(vpcConfig.endpoint_public_access).toBe(env.cluster.publicAccessCidrs.length > 0);
    if (env.cluster.publicAccessCidrs.length === 0) expect(vpcConfig.public_access_cidrs).toBeUndefined();
  });

  it('places the control plane and nodes in the private subnets of the network stack', () => {
    expect(vpcConfig.subnet_ids).toHaveLength(env.network.availabilityZones.length);
    expect(String(vpcConfig.subnet_ids)).toContain(`cross-stack-reference-input-${env.name}-network`);
    const group = only(resources(json, 'aws_eks_node_group'));
    expect(group.subnet_ids).toEqual(vpcConfig.subnet_ids);
  });

  it('encrypts Kubernetes Secrets with its own KMS key that rotates', () => {
    const key = only(resources(json, 'aws_kms_key'));
    expect(key.enable_key_rotation).toBe(true);
    const [keyId] = Object.keys(json.resource?.aws_kms_key ?? {});
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: `\${aws_kms_key.${keyId}.arn}` } });
    const clusterPolicy = Object.entries(dataSources(json, 'aws_iam_policy_document')).find(([id]) => id.startsWith('cluster-role_policy'))?.[1];
    expect(clusterPolicy?.statement).toEqual([
      { sid: 'EncryptKubernetesSecrets', effect: 'Allow', actions: [...CLUSTER_KEY_ACTIONS], resources: [`\${aws_kms_key.${keyId}.arn}`] },
    ]);
  });

  it('ships the audit, api and authenticator logs to a log group with the configured retention', () => {
    expect([...(cluster.enabled_cluster_log_types as string[])].sort()).toEqual(['api', 'audit', 'authenticator']);
    expect(CONTROL_PLANE_LOG_TYPES).toEqual(['api', 'audit', 'authenticator']);
    const group = only(resources(json, 'aws_cloudwatch_log_group'));
    expect(group).toMatchObject({ name: `/aws/eks/${env.clusterName}/cluster`, retention_in_days: env.cluster.logRetentionDays });
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${Object.keys(json.resource?.aws_cloudwatch_log_group ?? {})[0]}`);
  });

  it('uses access entries (authentication mode API) for the configured admin roles, not aws-auth', () => {
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    const entries = Object.entries(resources(json, 'aws_eks_access_entry')).filter(([id]) => id.startsWith('admin-'));
    expect(entries.map(([, e]) => e.principal_arn)).toEqual(env.cluster.adminRoleArns);
    const associations = Object.entries(resources(json, 'aws_eks_access_policy_association')).filter(([id]) => id.startsWith('admin-'));
    expect(associations).toHaveLength(env.cluster.adminRoleArns.length);
    expect(associations.every(([, a]) => a.policy_arn === CLUSTER_ADMIN_POLICY)).toBe(true);
    expect(text).not.toContain('aws-auth');
  });

  it('requires IMDSv2 with hop limit 1 and an encrypted gp3 root volume on every node', () => {
    const template = only(resources(json, 'aws_launch_template'));
    expect(template.metadata_options).toMatchObject({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([
      { device_name: '/dev/xvda', ebs: { volume_size: env.cluster.nodeGroup.diskSizeGiB, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
    ]);
  });

  it('sets vm.max_map_count=262144 through MIME user data that nodeadm merges', () => {
    const template = only(resources(json, 'aws_launch_template'));
    const userData = Buffer.from(template.user_data as string, 'base64').toString('utf8');
    expect(userData).toBe(nodeUserData());
    expect(userData).toMatch(/^MIME-Version: 1\.0\nContent-Type: multipart\/mixed; boundary="/);
    expect(userData).toContain('Content-Type: text/x-shellscript');
    expect(userData).toContain('vm.max_map_count = 262144');
    expect(userData).not.toContain('application/node.eks.aws');
  });

  it('runs a managed AL2023 node group sized from config on that launch template', () => {
    const group = only(resources(json, 'aws_eks_node_group'));
    const cfg = env.cluster.nodeGroup;
    expect(group).toMatchObject({
      ami_type: NODE_AMI_TYPE,
      capacity_type: cfg.capacityType,
      instance_types: cfg.instanceTypes,
      version: env.cluster.kubernetesVersion,
      scaling_config: { min_size: cfg.minSize, desired_size: cfg.desiredSize, max_size: cfg.maxSize },
    });
    expect(group.disk_size).toBeUndefined();
    expect(String((group.launch_template as Record<string, unknown>).id)).toMatch(/^\$\{aws_launch_template\./);
  });

  it('installs the core add-ons, giving vpc-cni and the EBS CSI driver their IAM through Pod Identity', () => {
    const addons = Object.values(resources(json, 'aws_eks_addon'));
    expect(addons.map((a) => a.addon_name).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    const byName = Object.fromEntries(addons.map((a) => [a.addon_name as string, a]));
    expect(byName['vpc-cni']?.pod_identity_association).toEqual([expect.objectContaining({ service_account: 'aws-node' })]);
    expect(byName['aws-ebs-csi-driver']?.pod_identity_association).toEqual([expect.objectContaining({ service_account: 'ebs-csi-controller-sa' })]);
    expect(addons.every((a) => a.service_account_role_arn === undefined)).toBe(true);
    const trusts = Object.values(dataSources(json, 'aws_iam_policy_document'));
    const podTrusts = trusts.filter((d) => JSON.stringify(d).includes('pods.eks.amazonaws.com'));
    expect(podTrusts).toHaveLength(2);
    for (const t of podTrusts) expect((t.statement as { actions: string[] }[])[0]?.actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });

  it('makes gp3 the default StorageClass through the EBS CSI add-on and encrypts new volumes by default', () => {
    const ebs = Object.values(resources(json, 'aws_eks_addon')).find((a) => a.addon_name === 'aws-ebs-csi-driver');
    expect(JSON.parse(ebs?.configuration_values as string)).toEqual({ defaultStorageClass: { enabled: true } });
    // Encryption by default is an account setting: the account stack owns it (test/cdktf/production.test.ts).
    expect(resources(json, 'aws_ebs_encryption_by_default')).toEqual({});
  });
});

describe('cluster stack options and errors', () => {
  it('opens the public endpoint to exactly the configured CIDRs', () => {
    const env = withOverrides(environment('dev'), (e) => ({ cluster: { ...e.cluster, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] } }));
    const vpcConfig = only(resources(synthCluster(env).json, 'aws_eks_cluster')).vpc_config as Record<string, unknown>;
    expect(vpcConfig).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
  });
});

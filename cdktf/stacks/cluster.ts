import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry/index.js';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association/index.js';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon/index.js';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster/index.js';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group/index.js';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template/index.js';
import type { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { EKS_VERSIONS, type EksAddonName } from '../lib/eks-versions.js';
import { podIdentityRole, ServiceRole } from '../lib/iam.js';
import { RotatingKey } from '../lib/kms.js';
import { nodeUserDataBase64 } from '../lib/node-user-data.js';
import { deployNamespaces, ServiceDeployRole } from '../lib/service-deploy-role.js';
import { PlatformStack } from './platform-stack.js';

/** Control-plane log types shipped to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

/** Amazon Linux 2023, the current EKS-optimized AMI family (AL2 is end of life). */
export const NODE_AMI_TYPE = 'AL2023_x86_64_STANDARD';

/** What the EKS control plane may do with the Secrets encryption key. */
export const CLUSTER_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'] as const;

/** Access policy given to `cluster.adminRoleArns`. */
export const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

/** Access policy given to `cluster.planRoleArns`: read-only (get/list/watch of most kinds, no Secrets). */
export const CLUSTER_VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

/**
 * Support type at the end of standard support: `STANDARD` (no extended-support charges; EKS upgrades the control
 * plane itself when standard support ends, so upgrade first: docs/operations.md).
 */
export const UPGRADE_SUPPORT_TYPE = 'STANDARD';

export interface ClusterStackProps {
  /** Subnets of the nodes and the control plane's network interfaces (the network stack's private subnets). */
  readonly privateSubnets: readonly Subnet[];
}

/**
 * The EKS cluster: private API endpoint (public only for `cluster.publicAccessCidrs`), Kubernetes Secrets
 * envelope-encrypted with a rotating KMS key, control-plane logs with retention, access entries (authentication mode
 * API, no aws-auth ConfigMap), a managed AL2023 node group (IMDSv2 only, hop limit 1, encrypted gp3 root volume,
 * `vm.max_map_count` for Elasticsearch), and the core add-ons with EKS Pod Identity; the EBS CSI driver add-on also
 * creates the default gp3 StorageClass. The add-on versions and the node AMI release are pinned per Kubernetes
 * version (cdktf/lib/eks-versions.ts); the upgrade policy is standard support only. Read-only access entries for the
 * merge-request plan role. The service pipelines' deploy role `obs-<env>-service-deploy` (GitLab OIDC,
 * `eks:DescribeCluster` on this cluster, edit access in the deployed services' namespaces only; output
 * `service_deploy_role_arn`) when the environment deploys a catalog service.
 */
export class ClusterStack extends PlatformStack {
  readonly cluster: EksCluster;
  readonly secretsKey: RotatingKey;
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly logGroup: CloudwatchLogGroup;
  readonly addons: Readonly<Record<string, EksAddon>>;
  /** The service pipelines' deploy role; absent when the environment deploys no catalog service. */
  readonly serviceDeploy?: ServiceDeployRole;

  constructor(scope: Construct, env: Environment, props: ClusterStackProps) {
    super(scope, 'cluster', env);
    const cfg = env.cluster;
    const name = env.clusterName;
    const versions = EKS_VERSIONS[cfg.kubernetesVersion];
    const addonVersion = (addon: EksAddonName) => versions.addons[addon];
    const subnetIds = props.privateSubnets.map((s) => s.id);

    this.secretsKey = new RotatingKey(this, 'secrets-key', {
      alias: `${env.resourcePrefix}/eks-secrets`,
      description: `Envelope encryption of Kubernetes Secrets in EKS cluster ${name}`,
    });
    this.logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: cfg.logRetentionDays,
    });

    const clusterRole = new ServiceRole(this, 'cluster-role', {
      name: `${name}-cluster`,
      service: 'eks.amazonaws.com',
      extraAssumeActions: ['sts:TagSession'],
      managedPolicies: ['AmazonEKSClusterPolicy'],
      // Envelope encryption: the control plane uses the key (AmazonEKSClusterPolicy grants no KMS access).
      statements: [{ sid: 'EncryptKubernetesSecrets', effect: 'Allow', actions: [...CLUSTER_KEY_ACTIONS], resources: [this.secretsKey.key.arn] }],
    });

    const publicAccess = cfg.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, 'cluster', {
      name,
      version: cfg.kubernetesVersion,
      upgradePolicy: { supportType: UPGRADE_SUPPORT_TYPE },
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: [...cfg.publicAccessCidrs] } : {}),
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.key.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      kubernetesNetworkConfig: { serviceIpv4Cidr: cfg.serviceIpv4Cidr, ipFamily: 'ipv4' },
      // The core add-ons are EKS-managed below, with pinned IAM; nothing is installed behind Terraform's back.
      bootstrapSelfManagedAddons: false,
      dependsOn: [this.logGroup, ...clusterRole.grants],
    });

    cfg.adminRoleArns.forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
    });
    cfg.planRoleArns.forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `plan-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `plan-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_VIEW_POLICY,
        accessScope: { type: 'cluster' },
      });
    });

    if (deployNamespaces(env.services).length > 0) {
      this.serviceDeploy = new ServiceDeployRole(this, 'service-deploy', { env, cluster: this.cluster });
      new TerraformOutput(this, 'service_deploy_role_arn', {
        value: this.serviceDeploy.role.arn,
        description: 'role the service pipelines\' deploy jobs assume (SERVICE_DEPLOY_ROLE_ARN; docs/services.md)',
      });
    }

    // Add-ons the nodes need to become Ready come first; the rest wait for the nodes.
    const podIdentityAgent = new EksAddon(this, 'eks-pod-identity-agent', {
      clusterName: this.cluster.name,
      addonName: 'eks-pod-identity-agent',
      addonVersion: addonVersion('eks-pod-identity-agent'),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
    });
    const cniRole = podIdentityRole(this, 'vpc-cni-role', { name: `${name}-vpc-cni`, managedPolicies: ['AmazonEKS_CNI_Policy'] });
    const vpcCni = new EksAddon(this, 'vpc-cni', {
      clusterName: this.cluster.name,
      addonName: 'vpc-cni',
      addonVersion: addonVersion('vpc-cni'),
      podIdentityAssociation: [{ roleArn: cniRole.role.arn, serviceAccount: 'aws-node' }],
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: [podIdentityAgent, ...cniRole.grants],
    });
    const kubeProxy = new EksAddon(this, 'kube-proxy', {
      clusterName: this.cluster.name,
      addonName: 'kube-proxy',
      addonVersion: addonVersion('kube-proxy'),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
    });

    const nodeRole = new ServiceRole(this, 'node-role', {
      name: `${name}-node`,
      service: 'ec2.amazonaws.com',
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'],
    });
    const group = cfg.nodeGroup;
    this.launchTemplate = new LaunchTemplate(this, 'node-template', {
      name: `${name}-nodes`,
      description: 'EKS managed nodes: IMDSv2 only, hop limit 1, encrypted gp3 root volume, vm.max_map_count',
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // Hop limit 1: pods (one hop away) cannot reach the node's instance metadata or its role credentials.
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: group.diskSizeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      userData: nodeUserDataBase64(),
      tagSpecifications: [
        { resourceType: 'instance', tags: { ...env.awsTags, Name: `${name}-node` } },
        { resourceType: 'volume', tags: { ...env.awsTags, Name: `${name}-node` } },
      ],
    });
    this.nodeGroup = new EksNodeGroup(this, 'nodes', {
      clusterName: this.cluster.name,
      nodeGroupName: `${name}-default`,
      nodeRoleArn: nodeRole.role.arn,
      subnetIds,
      version: cfg.kubernetesVersion,
      releaseVersion: versions.nodeAmiRelease,
      amiType: NODE_AMI_TYPE,
      capacityType: group.capacityType,
      instanceTypes: [...group.instanceTypes],
      scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.toString() },
      dependsOn: [...nodeRole.grants, vpcCni, kubeProxy],
    });

    const coreDns = new EksAddon(this, 'coredns', {
      clusterName: this.cluster.name,
      addonName: 'coredns',
      addonVersion: addonVersion('coredns'),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: [this.nodeGroup],
    });
    const ebsRole = podIdentityRole(this, 'ebs-csi-role', { name: `${name}-ebs-csi`, managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'] });
    const ebsCsi = new EksAddon(this, 'aws-ebs-csi-driver', {
      clusterName: this.cluster.name,
      addonName: 'aws-ebs-csi-driver',
      addonVersion: addonVersion('aws-ebs-csi-driver'),
      podIdentityAssociation: [{ roleArn: ebsRole.role.arn, serviceAccount: 'ebs-csi-controller-sa' }],
      // The add-on creates StorageClass ebs-csi-default-sc (gp3, the driver's default type) and marks it the cluster
      // default. That class sets no `encrypted` parameter, so EBS encryption by default (the account stack) encrypts
      // its volumes.
      configurationValues: JSON.stringify(EBS_CSI_CONFIGURATION),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: [this.nodeGroup, podIdentityAgent, ...ebsRole.grants],
    });
    this.addons = { 'eks-pod-identity-agent': podIdentityAgent, 'vpc-cni': vpcCni, 'kube-proxy': kubeProxy, coredns: coreDns, 'aws-ebs-csi-driver': ebsCsi };
  }
}

/** `configuration_values` of the aws-ebs-csi-driver add-on: its default gp3 StorageClass becomes the cluster default. */
export const EBS_CSI_CONFIGURATION = { defaultStorageClass: { enabled: true } } as const;

/**
 * What runs on each Kubernetes minor version the config accepts (`cluster.kubernetesVersion`): the EKS add-on
 * versions and the EKS-optimized AL2023 AMI release of the node group. A new minor version gets a new entry here
 * (TypeScript refuses a version without one); Renovate proposes patch updates of the entries (renovate.json).
 *
 * Sources (read 2026-12-01): kube-proxy from the Amazon EKS user guide's kube-proxy version table; the node AMI from
 * awslabs/amazon-eks-ami CHANGELOG (AMI release v20260714, Kubernetes 1.36 release version 1.36.2-20260714); the
 * other add-ons as published for 1.36 clusters (`aws eks describe-addon-versions --kubernetes-version 1.36`
 * lists what a region offers: check there before changing one).
 */
import type { Cluster } from '../../config/sections/cluster.js';

export interface EksVersions {
  /** `release_version` of the managed node group: `<kubernetes patch>-<AMI build date>`. */
  readonly nodeAmiRelease: string;
  /** `addon_version` of each EKS add-on the cluster stack installs. */
  readonly addons: {
    readonly 'eks-pod-identity-agent': string;
    readonly 'vpc-cni': string;
    readonly 'kube-proxy': string;
    readonly coredns: string;
    readonly 'aws-ebs-csi-driver': string;
  };
}

export type EksAddonName = keyof EksVersions['addons'];

export const EKS_VERSIONS: Readonly<Record<Cluster['kubernetesVersion'], EksVersions>> = {
  '1.36': {
    nodeAmiRelease: '1.36.2-20260714',
    addons: {
      'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
      'vpc-cni': 'v1.22.4-eksbuild.3',
      'kube-proxy': 'v1.36.0-eksbuild.14',
      coredns: 'v1.14.3-eksbuild.3',
      'aws-ebs-csi-driver': 'v1.63.1-eksbuild.1',
    },
  },
};

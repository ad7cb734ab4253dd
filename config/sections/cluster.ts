/** The EKS cluster: version, API endpoint exposure, access, control-plane logs and the managed node group. */
import { z } from 'zod';
import { ipv4Cidr } from './network.js';

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Minor versions the platform runs: in EKS standard support for at least six more months (1.36: EKS release
 * June 2026, standard support 14 months from then), with pinned add-ons and node AMI in cdktf/lib/eks-versions.ts.
 */
export const KUBERNETES_VERSIONS = ['1.36'] as const;

const iamRoleArn = z
  .string()
  .regex(/^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/, { message: 'must be an IAM role ARN such as arn:aws:iam::111111111111:role/platform-admin' });

export const nodeGroup = z
  .object({
    instanceTypes: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: 'must be an EC2 instance type such as m7i.large' }))
      .min(1, { message: 'must list at least one instance type, e.g. [m7i.large]' })
      .describe('EC2 instance types of the nodes (several only make sense for SPOT)'),
    capacityType: z.enum(['ON_DEMAND', 'SPOT'], { message: 'must be ON_DEMAND or SPOT' }).default('ON_DEMAND'),
    minSize: z.number().int().min(1, { message: 'must be at least 1' }),
    desiredSize: z.number().int().min(1, { message: 'must be at least 1' }),
    maxSize: z.number().int().min(1, { message: 'must be at least 1' }),
    diskSizeGiB: z.number().int().min(20, { message: 'must be at least 20 GiB' }).max(16384).default(50).describe('encrypted gp3 root volume size'),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (!(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize)) {
      ctx.addIssue({
        code: 'custom',
        path: ['desiredSize'],
        message: `must be between minSize (${g.minSize}) and maxSize (${g.maxSize})`,
      });
    }
  });

export const cluster = z
  .object({
    kubernetesVersion: z
      .enum(KUBERNETES_VERSIONS, { message: `must be a Kubernetes minor version in EKS standard support that this platform pins add-ons for, quoted: ${KUBERNETES_VERSIONS.map((v) => `"${v}"`).join(', ')}` })
      .describe('Kubernetes minor version of the control plane and nodes, e.g. "1.36" (upgrade order: docs/operations.md)'),
    publicAccessCidrs: z
      .array(ipv4Cidr.refine((v) => !v.endsWith('/0'), { message: 'must not be /0: list the networks that may reach the API, e.g. 203.0.113.0/24' }))
      .default([])
      .describe('CIDRs allowed to reach a public API endpoint; empty (the default) keeps the endpoint private only'),
    serviceIpv4Cidr: ipv4Cidr.default('172.20.0.0/16').describe('CIDR of Kubernetes Services; must not overlap the VPC'),
    adminRoleArns: z
      .array(iamRoleArn)
      .min(1, { message: 'must list at least one IAM role (the deploy role of CI and a break-glass admin role)' })
      .describe('IAM roles given cluster-admin through EKS access entries (no aws-auth ConfigMap)'),
    planRoleArns: z
      .array(iamRoleArn)
      .default([])
      .describe('read-only IAM roles (the merge-request plan role of CI) given the EKS view policy through access entries'),
    logRetentionDays: z
      .number()
      .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), { message: `must be a CloudWatch retention: one of ${LOG_RETENTION_DAYS.join(', ')}` })
      .describe('days CloudWatch keeps the control-plane logs (audit, api, authenticator) and the VPC flow logs'),
    nodeGroup,
  })
  .strict();

export type Cluster = z.infer<typeof cluster>;
export type NodeGroup = z.infer<typeof nodeGroup>;

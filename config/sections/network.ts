/** The environment's VPC: address plan, availability zones, NAT and VPC endpoints. */
import { z } from 'zod';
import { allocateSubnets, parseCidr } from '../cidr.js';
import { ipv4Cidr } from './primitives.js';

export { ipv4Cidr };

/** Interface endpoints the stack's traffic uses heavily (image pulls, tokens, logs, secrets). */
export const INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'secretsmanager', 'ec2', 'elasticloadbalancing', 'eks-auth'] as const;

const prefixLength = (min: number, max: number, what: string) =>
  z
    .number({ message: `must be a prefix length (number) between ${min} and ${max}` })
    .int({ message: `must be a whole prefix length between ${min} and ${max}` })
    .min(min, { message: `must be at least /${min}` })
    .max(max, { message: `must be at most /${max} (${what})` });

export const network = z
  .object({
    vpcCidr: ipv4Cidr
      .refine((v) => {
        const prefix = Number(v.split('/')[1]);
        return prefix >= 16 && prefix <= 24;
      }, { message: 'must have a prefix length between /16 and /24 (AWS VPC limits)' })
      .describe('CIDR block of the VPC, e.g. 10.20.0.0/16'),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { message: 'must be an availability zone name such as eu-west-1a' }))
      .min(2, { message: 'must list at least 2 availability zones (EKS needs subnets in two)' })
      .refine((l) => new Set(l).size === l.length, { message: 'must not list an availability zone twice' })
      .describe('availability zones, one private and one public subnet each, e.g. [eu-west-1a, eu-west-1b, eu-west-1c]'),
    highAvailability: z
      .boolean()
      .default(false)
      .describe('true: at least 3 availability zones and one NAT gateway per zone; false: one shared NAT gateway (cheap, single-zone egress)'),
    privateSubnetPrefix: prefixLength(16, 27, 'room for nodes and pods')
      .default(19)
      .describe('prefix length of each private subnet (nodes and pods), e.g. 19'),
    publicSubnetPrefix: prefixLength(16, 28, 'load balancers and NAT only')
      .default(24)
      .describe('prefix length of each public subnet (load balancers, NAT), e.g. 24'),
    interfaceEndpoints: z
      .array(z.enum(INTERFACE_ENDPOINTS, { message: `must be one of ${INTERFACE_ENDPOINTS.join(', ')}` }))
      .default([])
      .refine((l) => new Set(l).size === l.length, { message: 'must not list an endpoint twice' })
      .describe('AWS services reached through interface VPC endpoints instead of NAT (the S3 gateway endpoint is always on)'),
  })
  .strict()
  .superRefine((net, ctx) => {
    if (net.highAvailability && net.availabilityZones.length < 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['availabilityZones'],
        message: `highAvailability needs at least 3 availability zones (got ${net.availabilityZones.length}); add zones or set highAvailability: false`,
      });
    }
    const vpc = parseCidr(net.vpcCidr);
    if (!vpc) return;
    for (const key of ['privateSubnetPrefix', 'publicSubnetPrefix'] as const) {
      if (net[key] <= vpc.prefix) {
        ctx.addIssue({ code: 'custom', path: [key], message: `must be longer than the VPC prefix /${vpc.prefix}` });
        return;
      }
    }
    try {
      subnetPlan(net);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['privateSubnetPrefix'], message: (error as Error).message });
    }
  });

export type Network = z.infer<typeof network>;

/** One availability zone's share of the address plan. */
export interface ZoneSubnets {
  readonly zone: string;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

/**
 * The address plan: private subnets first (one per zone, largest blocks), then public ones, carved in order from the
 * VPC CIDR. Throws when they do not fit.
 */
export function subnetPlan(net: Pick<Network, 'vpcCidr' | 'availabilityZones' | 'privateSubnetPrefix' | 'publicSubnetPrefix'>): ZoneSubnets[] {
  const n = net.availabilityZones.length;
  const blocks = allocateSubnets(net.vpcCidr, [
    ...Array<number>(n).fill(net.privateSubnetPrefix),
    ...Array<number>(n).fill(net.publicSubnetPrefix),
  ]);
  return net.availabilityZones.map((zone, i) => ({ zone, privateCidr: blocks[i] as string, publicCidr: blocks[n + i] as string }));
}

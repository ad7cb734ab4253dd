/** The environment's VPC. */
import { z } from 'zod';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export const ipv4Cidr = z.string().refine(
  (v) => {
    const m = CIDR.exec(v);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  },
  { message: 'must be an IPv4 CIDR block such as 10.20.0.0/16' },
);

export const network = z
  .object({
    vpcCidr: ipv4Cidr
      .refine((v) => {
        const prefix = Number(v.split('/')[1]);
        return prefix >= 16 && prefix <= 24;
      }, { message: 'must have a prefix length between /16 and /24 (AWS VPC limits)' })
      .describe('CIDR block of the VPC, e.g. 10.20.0.0/16'),
  })
  .strict();

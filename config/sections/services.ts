/**
 * The service catalog: application services the platform monitors.
 * Contract (ARCHITECTURE.md): `name`, `namespace`, `port`, `team`, optional `slo.availability`.
 */
import { z } from 'zod';
import { dnsLabel, portName } from './primitives.js';

export const slo = z
  .object({
    availability: z
      .number({ message: 'must be a number (percent), e.g. 99.9' })
      .gt(0, { message: 'must be a percentage greater than 0 and less than 100, e.g. 99.9' })
      .lt(100, { message: 'must be a percentage greater than 0 and less than 100, e.g. 99.9' }),
  })
  .strict();

export const service = z
  .object({
    name: dnsLabel.describe('service name (DNS label, unique in the catalog)'),
    namespace: dnsLabel.describe('namespace the service runs in'),
    port: portName.describe('name of the Service port exposing /metrics'),
    team: dnsLabel.describe('team that owns the service; routes its alerts'),
    slo: slo.optional().describe('service level objective; enables burn-rate alerts'),
  })
  .strict();

export const services = z
  .array(service)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((svc, index) => {
      const first = seen.get(svc.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `duplicate service name "${svc.name}" (already used by services[${first}]); names must be unique`,
        });
      } else {
        seen.set(svc.name, index);
      }
    });
  });

export type Service = z.infer<typeof service>;

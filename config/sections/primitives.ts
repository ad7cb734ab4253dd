/**
 * Small, reusable zod types shared by every config section.
 * Each one carries a message that says what a valid value looks like.
 */
import { z } from 'zod';

const DURATION_UNITS_SECONDS = {
  y: 365 * 24 * 3600,
  w: 7 * 24 * 3600,
  d: 24 * 3600,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
} as const;

/** Prometheus duration grammar: units in descending order, each at most once (e.g. `15d`, `1h30m`). */
const DURATION_PATTERN = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

/** Parses a Prometheus-style duration into seconds; returns undefined when it is not one. */
export function parseDurationSeconds(value: string): number | undefined {
  if (value === '' || !DURATION_PATTERN.test(value)) return undefined;
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) {
    total += Number(match[1]) * DURATION_UNITS_SECONDS[match[2] as keyof typeof DURATION_UNITS_SECONDS];
  }
  return total;
}

/** A positive Prometheus duration such as `30s`, `5m`, `15d` or `1h30m`. */
export const duration = z
  .string()
  .refine((v) => parseDurationSeconds(v) !== undefined, {
    message: 'must be a duration like 30s, 5m, 12h or 15d (units y, w, d, h, m, s, ms; no sign, no spaces)',
    // An unparsable duration gets this one message, not also "must be greater than zero".
    abort: true,
  })
  .refine((v) => (parseDurationSeconds(v) ?? 0) > 0, { message: 'must be greater than zero' });

/** RFC 1123 DNS label: what Kubernetes accepts as a namespace or Service name. */
export const dnsLabel = z
  .string()
  .max(63, { message: 'must be at most 63 characters (a DNS label)' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: 'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
  });

/** IANA_SVC_NAME: what Kubernetes accepts as a named container or Service port. */
export const portName = z
  .string()
  .max(15, { message: 'must be at most 15 characters (a Kubernetes port name)' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: 'must be a Kubernetes port name: lowercase letters, digits and "-", e.g. "http" or "metrics"',
  })
  .refine((v) => /[a-z]/.test(v), { message: 'must contain at least one letter (a port name, not a number)' })
  .refine((v) => !v.includes('--'), { message: 'must not contain "--"' });

/** Kubernetes resource quantity for CPU, e.g. `250m` or `2`. */
export const cpuQuantity = z
  .string()
  .regex(/^(\d+m|\d+(\.\d+)?)$/, { message: 'must be a CPU quantity like 250m or 2' });

/** Kubernetes resource quantity for memory, e.g. `512Mi` or `4Gi`. */
export const memoryQuantity = z
  .string()
  .regex(/^\d+(Ki|Mi|Gi|Ti)$/, { message: 'must be a memory quantity like 512Mi or 4Gi' });

/** Requests and limits of one container. Memory limit is required; a CPU limit is deliberately not offered. */
export const resources = z
  .object({
    cpu: cpuQuantity.describe('CPU request'),
    memory: memoryQuantity.describe('memory request; also used as the memory limit'),
  })
  .strict();

export type Resources = z.infer<typeof resources>;

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

/** Any sequence of number+unit pairs: a duration whose only fault may be the order or repetition of its units. */
const UNIT_SEQUENCE = (units: string) => new RegExp(`^(\\d+(${units}))+$`);

/**
 * A duration in canonical form: number+unit pairs with `units` in the given (descending) order, each at most once.
 * `30s1m` and `1m1m` are rejected with a message saying so, not accepted or mis-summed.
 */
function canonicalDuration(options: { units: readonly string[]; parse: (v: string) => number | undefined; example: string; what: string }) {
  const anyOrder = UNIT_SEQUENCE(options.units.join('|'));
  const unitList = options.units.join(', ');
  return z
    .string()
    // The pattern (also the editor schema's) admits any order; the check below then names the order problem.
    // An unparsable duration gets this one message, not also "must be greater than zero".
    .regex(anyOrder, { message: `must be ${options.what} like ${options.example} (units ${unitList}; no sign, no spaces)`, abort: true })
    .superRefine((v, ctx) => {
      if (options.parse(v) !== undefined) return;
      ctx.addIssue({ code: 'custom', message: `units must be in descending order (${unitList}), each at most once, e.g. ${options.example}`, continue: false });
    })
    .refine((v) => (options.parse(v) ?? 0) > 0, { message: 'must be greater than zero' });
}

/** A positive Prometheus duration such as `30s`, `5m`, `15d` or `1h30m`. */
export const duration = canonicalDuration({
  units: ['y', 'w', 'd', 'h', 'm', 's', 'ms'],
  parse: parseDurationSeconds,
  example: '30s, 5m, 1h30m or 15d',
  what: 'a duration',
});

const ENVOY_UNITS_SECONDS = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
const ENVOY_PATTERN = /^(([0-9]{1,5})h)?(([0-9]{1,5})m)?(([0-9]{1,5})s)?(([0-9]{1,5})ms)?$/;

/** Parses an Envoy Gateway duration (`h`, `m`, `s`, `ms`, descending, each once) into seconds. */
export function parseEnvoyDurationSeconds(value: string): number | undefined {
  if (value === '' || !ENVOY_PATTERN.test(value)) return undefined;
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|h|m|s)/g)) {
    total += Number(match[1]) * ENVOY_UNITS_SECONDS[match[2] as keyof typeof ENVOY_UNITS_SECONDS];
  }
  return total;
}

/** Envoy Gateway's duration grammar (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) in canonical order: e.g. `30s`, `1h`, `1m30s`. */
export const envoyDuration = canonicalDuration({
  units: ['h', 'm', 's', 'ms'],
  parse: parseEnvoyDurationSeconds,
  example: '500ms, 30s, 5m or 1h30m',
  what: 'an Envoy duration (no days)',
});

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * An IPv4 CIDR block in canonical form: octets 0-255, prefix 0-32 and no host bits set (`10.30.7.0/16` is rejected
 * with the suggestion `10.30.0.0/16`).
 */
export const ipv4Cidr = z
  .string()
  .regex(IPV4_CIDR, { message: 'must be an IPv4 CIDR block such as 10.20.0.0/16', abort: true })
  .superRefine((v, ctx) => {
    const m = IPV4_CIDR.exec(v);
    if (!m) return;
    const octets = m.slice(1, 5).map(Number);
    const bad = octets.findIndex((o) => o > 255);
    if (bad >= 0) {
      ctx.addIssue({ code: 'custom', message: `is not an IPv4 CIDR block: octet ${bad + 1} is ${octets[bad]}, each must be 0-255 (e.g. 10.20.0.0/16)`, continue: false });
      return;
    }
    const prefix = Number(m[5]);
    if (prefix > 32) {
      ctx.addIssue({ code: 'custom', message: `is not an IPv4 CIDR block: prefix /${prefix} is longer than /32 (e.g. 10.20.0.0/16)`, continue: false });
      return;
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const block = 2 ** (32 - prefix);
    if (address % block !== 0) {
      const base = address - (address % block);
      const network = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.');
      ctx.addIssue({ code: 'custom', message: `has host bits set for a /${prefix} CIDR block; use the network address ${network}/${prefix}`, continue: false });
    }
  });

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

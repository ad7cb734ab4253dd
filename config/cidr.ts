/** IPv4 CIDR arithmetic for the address plan (subnets are computed here, once, never by hand). */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const block = 2 ** (32 - prefix);
  return { base: address - (address % block), prefix };
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

function range(cidr: Cidr): [number, number] {
  return [cidr.base, cidr.base + 2 ** (32 - cidr.prefix) - 1];
}

function mustParse(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`"${text}" is not an IPv4 CIDR block such as 10.20.0.0/16`);
  return cidr;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = range(mustParse(a));
  const [b0, b1] = range(mustParse(b));
  return a0 <= b1 && b0 <= a1;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [o0, o1] = range(mustParse(outer));
  const [i0, i1] = range(mustParse(inner));
  return o0 <= i0 && i1 <= o1;
}

/**
 * Carves consecutive blocks of the given prefix lengths out of `parent`, in order, each aligned to its own size.
 * Throws when they do not fit.
 */
export function allocateSubnets(parent: string, prefixes: readonly number[]): string[] {
  const vpc = mustParse(parent);
  const [, last] = range(vpc);
  let next = vpc.base;
  return prefixes.map((prefix) => {
    if (prefix < vpc.prefix) throw new Error(`a /${prefix} subnet cannot fit in ${parent}; use a prefix longer than /${vpc.prefix}`);
    const size = 2 ** (32 - prefix);
    const base = Math.ceil(next / size) * size;
    if (base + size - 1 > last) throw new Error(`subnets of /${prefixes.join(', /')} do not fit in ${parent}; use longer prefixes or a larger VPC`);
    next = base + size;
    return formatCidr({ base, prefix });
  });
}

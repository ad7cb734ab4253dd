/** Sizes worked out from the logging config: JVM heaps and byte counts. */

const BINARY_UNITS: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const LOGSTASH_UNITS: Readonly<Record<string, number>> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30 };

/** Bytes of a Kubernetes binary quantity such as `512Mi` or `4Gi`. */
export function quantityBytes(quantity: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (!m) throw new Error(`quantity "${quantity}" is not a binary quantity; use a value like 512Mi or 4Gi`);
  return Number(m[1]) * BINARY_UNITS[m[2] as string]!;
}

/** Bytes of a Logstash byte size such as `512mb` or `4gb` (1024-based, as Logstash reads it). */
export function logstashBytes(size: string): number {
  const m = /^(\d+)(kb|mb|gb)$/.exec(size);
  if (!m) throw new Error(`size "${size}" is not a Logstash byte size; use a value like 512mb or 4gb`);
  return Number(m[1]) * LOGSTASH_UNITS[m[2] as string]!;
}

/** Largest heap that still uses compressed object pointers. */
const MAX_HEAP_MIB = 31 * 1024;

/** JVM heap in MiB: half the memory request (the rest is for off-heap and the page cache), at most 31 GiB. */
export function heapMiB(memoryRequest: string): number {
  return Math.min(Math.floor(quantityBytes(memoryRequest) / 2 / 2 ** 20), MAX_HEAP_MIB);
}

/** `-Xms<n>m -Xmx<n>m`, the same for both so the heap never resizes. */
export function heapOptions(memoryRequest: string): string {
  const mib = heapMiB(memoryRequest);
  return `-Xms${mib}m -Xmx${mib}m`;
}

/**
 * Prometheus text exposition (format 0.0.4): one sample line, with its label values escaped as the format requires
 * (backslash, double quote, line feed). The synthetic cluster (synthetic-cluster.ts) and the synthetic exporters of
 * the tests write their samples with it.
 */

export type Labels = Readonly<Record<string, string>>;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `name{k="v",...} value`, or `name value` without labels. */
export function sampleLine(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`;
}

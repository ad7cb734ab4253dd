/** Prometheus text exposition (format 0.0.4) for the synthetic exporters: families with their samples. */
import { type Labels, sampleLine } from '../../../scripts/lib/exposition.js';

export type { Labels };

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  /** Appended to the family name (`_bucket`, `_sum`, `_count`). @default '' */
  readonly suffix?: string;
}

export interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly samples: readonly Sample[];
}

export function render(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(sampleLine(`${f.name}${s.suffix ?? ''}`, s.labels, s.value));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The samples of one cumulative histogram whose observations arrive at `perSecond`, all of them at or below the
 * first bucket at least `value` (so quantiles land in a known bucket), after `t` seconds.
 */
export function histogram(labels: Labels, buckets: readonly number[], value: number, perSecond: number, t: number): Sample[] {
  const count = Math.floor(perSecond * t);
  return [
    ...buckets.map((le) => ({ labels: { ...labels, le: String(le) }, value: le >= value ? count : 0, suffix: '_bucket' })),
    { labels: { ...labels, le: '+Inf' }, value: count, suffix: '_bucket' },
    { labels, value: count * value, suffix: '_sum' },
    { labels, value: count, suffix: '_count' },
  ];
}

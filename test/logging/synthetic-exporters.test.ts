import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { platformDashboards } from '../../cdk8s/metrics/dashboards/index.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors, SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import * as filebeat from '../support/synthetic/filebeat.js';
import * as logstash from '../support/synthetic/logstash.js';
import { shippedRules, toolPath } from '../support/tools.js';

/** `promtool check metrics` on an exposition text (stdin); its findings, one per line. */
function checkMetrics(text: string): { status: number | null; findings: string[] } {
  const res = spawnSync(toolPath('promtool'), ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (res.error) throw new Error(`promtool check metrics failed to run: ${res.error.message}`);
  return { status: res.status, findings: `${res.stdout}${res.stderr}`.split('\n').filter((l) => l.trim() !== '') };
}

const names = (text: string) => new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/[{ ].*$/, '')));
const used = (prefix: string): Set<string> => {
  const texts = [
    ...shippedRules('prod').filter((r) => r.name === 'platform-logging').flatMap((r) => r.groups.flatMap((g) => g.rules.map((x) => x.expr))),
    ...platformDashboards(querySelectors(queryMetrics.parse({}))).map((d) => JSON.stringify(d.model)),
  ];
  return new Set(texts.flatMap((t) => t.match(new RegExp(`\\b${prefix}_[a-z_]+\\b`, 'g')) ?? []));
};

describe('synthetic logging exporters (for the loopback panel-query test)', () => {
  it('are scraped under the jobs the rules and dashboards select', () => {
    expect(filebeat.job).toBe(SCRAPE_JOBS.filebeat.job);
    expect(logstash.job).toBe(SCRAPE_JOBS.logstash.job);
  });

  it('serve Filebeat exposition text that promtool accepts without a finding, counters growing with time', () => {
    const res = checkMetrics(filebeat.exposition(600));
    expect(res.findings).toEqual([]);
    expect(res.status).toBe(0);
    const value = (t: number) => Number(/^filebeat_output_events_acked_total\{[^}]*\} (\S+)$/m.exec(filebeat.exposition(t))?.[1]);
    expect(value(600)).toBeGreaterThan(value(300));
  });

  it('serve Logstash exposition text that parses, with only the naming findings of the real exporter (no _total)', () => {
    const res = checkMetrics(logstash.exposition(600));
    for (const finding of res.findings) expect(finding).toMatch(/(counter metrics should have "_total" suffix|non-histogram and non-summary metrics should not have "_count" suffix)$/);
  });

  it('serve every Filebeat and Logstash metric the logging alerts and the dashboards query', () => {
    const fb = names(filebeat.exposition(60));
    const ls = names(logstash.exposition(60));
    expect(used('filebeat').size).toBeGreaterThan(5);
    for (const m of used('filebeat')) expect(fb, m).toContain(m);
    for (const m of used('logstash')) expect(ls, m).toContain(m);
  });
});

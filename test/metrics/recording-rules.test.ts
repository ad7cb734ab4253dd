import { Testing } from 'cdk8s';
import { nodeRecordingRules } from '../../cdk8s/lib/node-rules.js';
import { describe, expect, it } from 'vitest';
import { RECORDED, recordingGroups, RecordingRules } from '../../cdk8s/metrics/recording-rules/index.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import { type K8sObject, promtoolCheckRules } from './support.js';

const QUERIES = querySelectors(queryMetrics.parse({}));

describe('recording rules', () => {
  const chart = Testing.chart();
  new RecordingRules(chart, 'rules', { namespace: 'monitoring', queries: QUERIES });
  const objects = Testing.synth(chart) as K8sObject[];

  it('are PrometheusRule objects in the given namespace that the stack Prometheus selects', () => {
    expect(objects.map((o) => o.kind)).toEqual(['PrometheusRule', 'PrometheusRule']);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('monitoring');
      expect(o.metadata.labels).toEqual({ 'platform.example.com/prometheus': 'platform' });
    }
  });

  it('record every series the dashboards read, each once (node utilisation is recorded with the node alerts)', () => {
    const records = [...recordingGroups(QUERIES).flatMap((g) => g.rules.map((r) => r.record)), ...nodeRecordingRules(QUERIES.nodeExporter).map((r) => r.record)];
    expect(new Set(records).size).toBe(records.length);
    expect(Object.values(RECORDED).every((name) => records.includes(name))).toBe(true);
  });

  it('pass promtool check rules', () => {
    const groups = recordingGroups(QUERIES).map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) }));
    expect(promtoolCheckRules(groups)).toMatch(/SUCCESS: 6 rules found/);
  });

  it('take their selectors from the scrape-job contract', () => {
    const custom = recordingGroups({ ...QUERIES, cadvisor: 'job="cadvisor"' });
    expect(JSON.stringify(custom)).toContain('job=\\"cadvisor\\"');
  });
});

describe('the promtool check', () => {
  it('rejects invalid PromQL', () => {
    expect(() => promtoolCheckRules([{ name: 'bad', rules: [{ record: 'a:b', expr: 'sum(' }] }])).toThrow(/promtool rejected the rules/);
  });
});

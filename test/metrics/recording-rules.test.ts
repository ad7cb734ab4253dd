import { Testing } from 'cdk8s';
import { nodeRecordingRules } from '../../cdk8s/lib/node-rules.js';
import { describe, expect, it } from 'vitest';
import { RECORDED, recordingGroups, RecordingRules } from '../../cdk8s/metrics/recording-rules/index.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import { shippedRules } from '../support/tools.js';
import { type K8sObject, promtoolCheckRules } from './support.js';

const QUERIES = querySelectors(queryMetrics.parse({}));

describe('recording rules', () => {
  const chart = Testing.chart();
  new RecordingRules(chart, 'rules', { namespace: 'monitoring', queries: QUERIES });
  const objects = Testing.synth(chart) as K8sObject[];

  it('are PrometheusRule objects in the given namespace that the stack Prometheus selects', () => {
    expect(objects.map((o) => o.kind)).toEqual(['PrometheusRule', 'PrometheusRule', 'PrometheusRule', 'PrometheusRule']);
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('monitoring');
      expect(o.metadata.labels).toEqual({ 'platform.example.com/prometheus': 'platform' });
    }
  });

  it('record every series the dashboards read, each name and label set once across every shipped rule', () => {
    // node utilisation is recorded with the node alerts, requests/limits and API server ratios with their alerts
    const shipped = shippedRules('prod').flatMap((r) => r.groups.flatMap((g) => g.rules.flatMap((rule) => (rule.record ? [rule] : []))));
    const keys = shipped.map((r) => `${r.record}${JSON.stringify(r.labels ?? {})}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const records = new Set(shipped.map((r) => r.record));
    expect(Object.values(RECORDED).filter((name) => !records.has(name))).toEqual([]);
    for (const r of nodeRecordingRules(QUERIES.nodeExporter)) expect(records.has(r.record)).toBe(true);
  });

  it('record the pod-owner rule once per workload kind, as kube-prometheus does', () => {
    const owners = recordingGroups(QUERIES).flatMap((g) => g.rules.filter((r) => r.record === RECORDED.podOwner));
    expect(owners.map((r) => r.labels?.workload_type ?? '(from owner_kind)')).toEqual(['replicaset', 'deployment', 'daemonset', 'statefulset', 'job', 'barepod', 'staticpod', '(from owner_kind)']);
  });

  it('pass promtool check rules', () => {
    const groups = recordingGroups(QUERIES).map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) }));
    expect(promtoolCheckRules(groups)).toMatch(/SUCCESS: 18 rules found/);
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

import { describe, expect, it } from 'vitest';
import { metrics, parseByteSize, queryMetrics } from '../../config/sections/metrics.js';
import { ENVIRONMENTS } from '../support/envs.js';

const valid = {
  retention: '15d',
  prometheus: { replicas: 2, resources: { cpu: '1', memory: '4Gi' }, storageGiB: 100, retentionSize: '80GB' },
  grafana: { replicas: 1, resources: { cpu: '100m', memory: '256Mi' } },
  nodeExporter: { resources: { cpu: '50m', memory: '64Mi' } },
  kubeStateMetrics: { resources: { cpu: '50m', memory: '128Mi' } },
};

const messages = (input: unknown) => {
  const result = metrics.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('metrics config', () => {
  it('defaults the scrape and evaluation intervals to 30s and the catalog metric names', () => {
    const parsed = metrics.parse(valid);
    expect(parsed.scrapeInterval).toBe('30s');
    expect(parsed.prometheus.evaluationInterval).toBe('30s');
    expect(parsed.longTerm).toEqual({ mode: 'none' });
    expect(parsed.queries).toEqual({
      serviceRequests: 'http_requests_total',
      serviceErrors: 'code=~"5.."',
      serviceLatencyBuckets: 'http_request_duration_seconds_bucket',
    });
  });

  it('keeps production highly available and sized larger than dev', () => {
    const byName = Object.fromEntries(ENVIRONMENTS.map((e) => [e.name, e.metrics]));
    expect(byName.prod?.prometheus.replicas).toBeGreaterThanOrEqual(2);
    expect(byName.prod?.prometheus.storageGiB).toBeGreaterThan(byName.dev?.prometheus.storageGiB ?? Infinity);
  });

  it('rejects a size retention that would not leave room for the WAL', () => {
    expect(messages({ ...valid, prometheus: { ...valid.prometheus, retentionSize: '90GB' } })).toEqual([
      'prometheus.retentionSize: must be at most 85% of storageGiB (100 GiB → at most 85GB) so the WAL and compaction fit',
    ]);
  });

  it('rejects malformed sizes, replicas and long-term store settings with a hint', () => {
    expect(messages({ ...valid, prometheus: { ...valid.prometheus, retentionSize: '80 gigs' } })).toEqual([
      'prometheus.retentionSize: must be a positive size like 500MB, 40GB or 1TB',
    ]);
    expect(messages({ ...valid, grafana: { ...valid.grafana, replicas: 0 } })).toEqual(['grafana.replicas: must be at least 1 Grafana replica']);
    expect(messages({ ...valid, longTerm: { mode: 'amp', workspaceAlias: 'obs prod!' } })).toEqual([
      'longTerm.workspaceAlias: must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. obs-prod',
    ]);
    expect(messages({ ...valid, longTerm: { mode: 'amp', workspaceAlias: 'a'.repeat(101) } })).toHaveLength(1);
    expect(messages({ ...valid, longTerm: { mode: 'amp', workspaceId: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1' } })).toEqual([
      'longTerm.workspaceId: must be an AMP workspace id such as ws-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d (terraform output workspace_id)',
    ]);
    expect(messages({ ...valid, longTerm: { mode: 'thanos' } })).toEqual(['longTerm.mode: mode must be amp or none']);
    expect(messages({ ...valid, longTerm: { mode: 'none', workspaceAlias: 'x' } }).join()).toMatch(/workspaceAlias/);
  });

  it('rejects unknown keys', () => {
    expect(messages({ ...valid, grafana: { ...valid.grafana, adminPassword: 'x' } }).join()).toMatch(/adminPassword/);
  });

  it('rejects an error matcher that is not PromQL label matchers, and selectors of the stack\'s own jobs (a contract, not config)', () => {
    expect(queryMetrics.safeParse({ serviceErrors: '{code="500"}' }).success).toBe(false);
    expect(queryMetrics.safeParse({ serviceErrors: 'code=~"5..", method!="OPTIONS"' }).success).toBe(true);
    expect(queryMetrics.safeParse({ nodeExporter: 'job="x"' }).success).toBe(false);
  });

  it('parses Prometheus sizes in powers of 1024', () => {
    expect(parseByteSize('1GB')).toBe(1024 ** 3);
    expect(parseByteSize('1.5GB')).toBeUndefined();
  });
});

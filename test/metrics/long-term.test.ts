/**
 * Long-term metrics (AMP) on the Kubernetes side: the remote-write queue from the capacity model, the write
 * relabelling policy against the series the platform's rules and dashboards read, and what prod and dev render.
 */
import { querySelectors } from '../../contracts/scrape-jobs.js';
import { describe, expect, it } from 'vitest';
import { platformDashboards } from '../../cdk8s/metrics/dashboards/index.js';
import { recordingGroups } from '../../cdk8s/metrics/recording-rules/index.js';
import { isSentToLongTerm, WRITE_DROP_RULES } from '../../cdk8s/metrics/remote-write.js';
import { ruleSets } from '../../cdk8s/alerting/rules.js';
import { REMOTE_WRITE_MODEL, sizeRemoteWrite } from '../../config/capacity.js';
import { AMP_REGIONS } from '../../config/amp.js';
import { longTermWorkspace } from '../../contracts/long-term-metrics.js';
import { environment } from '../support/envs.js';
import { find, synthMetrics } from './support.js';

describe('remote-write queue sizing (capacity model)', () => {
  it('follows the documented formula for prod (1,000,000 series every 30 s)', () => {
    const sizing = sizeRemoteWrite({ activeSeries: 1_000_000, scrapeIntervalSeconds: 30 });
    // 33,333 samples/s; one shard sends 1,000 samples per 0.25 s = 4,000 samples/s.
    expect(sizing.samplesPerSecond).toBeCloseTo(33_333.33, 1);
    expect(sizing.queue).toEqual({
      capacity: 3000,
      minShards: 9, // ceil(33,333 / 4,000)
      maxShards: 25, // ceil(3 × 33,333 / 4,000)
      maxSamplesPerSend: 1000,
      batchSendDeadline: '5s',
      minBackoff: '30ms',
      maxBackoff: '5s',
    });
    // samples/s × 2,629,746 s per average month
    expect(sizing.samplesPerMonthPerReplica).toBe(Math.round((1_000_000 / 30) * 2_629_746));
    expect(REMOTE_WRITE_MODEL.secondsPerMonth).toBeCloseTo(2_629_746, 0);
  });

  it('keeps at least 10 shards of headroom for small environments and at most 200 for large ones', () => {
    expect(sizeRemoteWrite({ activeSeries: 1000, scrapeIntervalSeconds: 30 }).queue).toMatchObject({ minShards: 1, maxShards: 10 });
    expect(sizeRemoteWrite({ activeSeries: 50_000_000, scrapeIntervalSeconds: 15 }).queue).toMatchObject({ maxShards: 200, minShards: 200 });
  });

  it('scales shards with the ingest rate: halving the scrape interval doubles maxShards', () => {
    const slow = sizeRemoteWrite({ activeSeries: 2_000_000, scrapeIntervalSeconds: 60 }).queue.maxShards;
    const fast = sizeRemoteWrite({ activeSeries: 2_000_000, scrapeIntervalSeconds: 30 }).queue.maxShards;
    expect(fast).toBe(slow * 2);
  });

  it('throws on a load it cannot size', () => {
    expect(() => sizeRemoteWrite({ activeSeries: 10, scrapeIntervalSeconds: 0 })).toThrow(/scrapeIntervalSeconds must be positive \(got 0\)/);
    expect(() => sizeRemoteWrite({ activeSeries: 0, scrapeIntervalSeconds: 30 })).toThrow(/activeSeries must be positive \(got 0\)/);
  });
});

/** Metric names a PromQL expression selects (`name{…}` or `name[…]`). */
function selectedMetrics(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=\{|\[)/g)].map((m) => m[1] ?? '').filter((n) => !['by', 'without', 'on', 'ignoring'].includes(n));
}

describe('write relabelling', () => {
  const env = environment('prod');
  const sets = ruleSets(env.alerting, env.services);
  const recorded = [
    ...recordingGroups(querySelectors(env.metrics.queries)).flatMap((g) => g.rules.map((r) => r.record)),
    ...sets.flatMap((s) => (s.group.recordingRules ?? []).map((r) => r.record)),
  ];
  const jobOf = (expr: string) => /job="([^"]+)"/.exec(expr)?.[1] ?? 'checkout';

  it('never matches a name with a colon, so every recording rule output is sent', () => {
    expect(recorded.length).toBeGreaterThan(10);
    for (const rule of WRITE_DROP_RULES) expect(rule.regex, rule.reason).toContain('[^:]*');
    for (const name of recorded) {
      expect(name).toContain(':');
      expect(isSentToLongTerm({ __name__: name, job: 'kubelet' }), name).toBe(true);
    }
  });

  it('sends the raw series of every SLO and recording rule and of every platform dashboard query', () => {
    const exprs = [
      ...recordingGroups(querySelectors(env.metrics.queries)).flatMap((g) => g.rules.map((r) => r.expr)),
      ...sets.filter((s) => s.name.startsWith('slo-')).flatMap((s) => [...(s.group.recordingRules ?? []), ...(s.group.alerts ?? [])].map((r) => r.expr)),
      ...platformDashboards(querySelectors(env.metrics.queries)).flatMap((d) => JSON.stringify(d.model).match(/"expr":"((?:[^"\\]|\\.)*)"/g) ?? []).map((e) => JSON.parse(`{${e}}`).expr as string),
    ];
    const checked = exprs.flatMap((expr) => selectedMetrics(expr).map((name) => ({ name, job: jobOf(expr) })));
    expect(checked.length).toBeGreaterThan(30);
    const dropped = checked.filter((s) => !isSentToLongTerm({ __name__: s.name, job: s.job }));
    expect(dropped).toEqual([]);
  });

  it('drops runtime internals, kubelet/cAdvisor buckets and unused cAdvisor series', () => {
    const drop = [
      { __name__: 'go_goroutines', job: 'node-exporter' },
      { __name__: 'process_resident_memory_bytes', job: 'checkout' },
      { __name__: 'nodejs_eventloop_lag_seconds', job: 'checkout' },
      { __name__: 'kubelet_runtime_operations_duration_seconds_bucket', job: 'kubelet' },
      { __name__: 'storage_operation_duration_seconds_bucket', job: 'kubelet' },
      { __name__: 'prometheus_http_request_duration_seconds_bucket', job: 'prometheus' },
      { __name__: 'container_tasks_state', job: 'kubelet' },
      { __name__: 'container_spec_memory_limit_bytes', job: 'kubelet' },
    ];
    for (const labels of drop) expect(isSentToLongTerm(labels), labels.__name__).toBe(false);
    const keep = [
      { __name__: 'http_request_duration_seconds_bucket', job: 'checkout' },
      { __name__: 'http_requests_total', job: 'checkout' },
      { __name__: 'container_cpu_usage_seconds_total', job: 'kubelet' },
      { __name__: 'kube_pod_status_phase', job: 'kube-state-metrics' },
      { __name__: 'up', job: 'kubelet' },
      { __name__: 'prometheus_http_request_duration_seconds_count', job: 'prometheus' },
    ];
    for (const labels of keep) expect(isSentToLongTerm(labels), labels.__name__).toBe(true);
  });
});

describe('long-term metrics in the synthesized environments', () => {
  it('prod remote-writes to its AMP workspace with SigV4, and Grafana queries it with SigV4 under the IRSA role', () => {
    const env = environment('prod');
    const ws = longTermWorkspace(env);
    expect(ws?.endpoints?.remoteWriteUrl).toMatch(/^https:\/\/aps-workspaces\.eu-west-1\.amazonaws\.com\/workspaces\/ws-[0-9a-f-]+\/api\/v1\/remote_write$/);
    const objects = synthMetrics(env);
    const spec = find(objects, 'Prometheus', 'platform', 'monitoring').spec as { remoteWrite: Array<Record<string, unknown>> };
    expect(spec.remoteWrite).toEqual([
      expect.objectContaining({
        name: 'amp',
        url: ws?.endpoints?.remoteWriteUrl,
        sigv4: { region: 'eu-west-1' },
        queueConfig: expect.objectContaining(sizeRemoteWrite({ activeSeries: env.capacity?.metrics?.activeSeries ?? 0, scrapeIntervalSeconds: 30 }).queue),
      }),
    ]);
    const sa = find(objects, 'ServiceAccount', 'grafana', 'monitoring');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ws?.readerRoleArn });
    const provisioning = find(objects, 'ConfigMap', 'grafana-provisioning', 'monitoring').data?.['datasources.yaml'] ?? '';
    expect(provisioning).toContain(`url: ${ws?.endpoints?.queryUrl}`);
    expect(provisioning).toMatch(/sigV4Auth: true\n\s+sigV4AuthType: default\n\s+sigV4Region: eu-west-1/);
    expect(provisioning).not.toMatch(/sigV4AccessKey|sigV4SecretKey/);
  });

  it('dev renders no remote write, no long-term datasource and no role annotation', () => {
    const objects = synthMetrics(environment('dev'));
    expect(find(objects, 'Prometheus', 'platform', 'monitoring').spec).not.toHaveProperty('remoteWrite');
    expect(find(objects, 'ServiceAccount', 'grafana', 'monitoring').metadata.annotations).toBeUndefined();
    expect(find(objects, 'ConfigMap', 'grafana-provisioning', 'monitoring').data?.['datasources.yaml']).not.toContain('aps-workspaces');
  });

  it('lists only regions in AWS\' naming scheme, each once, and includes the shipped environments\' region', () => {
    expect(new Set(AMP_REGIONS).size).toBe(AMP_REGIONS.length);
    for (const r of AMP_REGIONS) expect(r).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
    expect(AMP_REGIONS).toContain(environment('prod').aws.region);
  });
});

/**
 * Remote write to the long-term store (Amazon Managed Service for Prometheus), under kube-prometheus' names and with
 * its semantics (manifests/prometheus-prometheusRule.yaml): samples failing, the queue falling behind, and the queue
 * wanting more shards than it may run.
 *
 * Shipped in every environment, not only where `metrics.longTerm.mode` is `amp`: without a remote-write queue the
 * remote-storage series do not exist and the alerts stay silent, while one rule set for all environments keeps the
 * runbooks, tests and routing the same everywhere and covers any remote write added later.
 */
import type { AlertContext, RuleGroup, TestSeries } from './types.js';

const QUEUE = { remote_name: 'amp', url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-example/api/v1/remote_write' };

export function remoteWriteRules(ctx: AlertContext): RuleGroup {
  const prom = ctx.selectors.prometheus;
  const t = ctx.thresholds;
  const s = (metric: string, values: string): TestSeries => ({
    series: `${metric}{${prom}, namespace="monitoring", pod="prometheus-platform-0", remote_name="${QUEUE.remote_name}", url="${QUEUE.url}"}`,
    values,
  });
  const server = (metric: string, values: string): TestSeries => ({ series: `${metric}{${prom}, namespace="monitoring", pod="prometheus-platform-0"}`, values });
  const labels = { job: 'prometheus', namespace: 'monitoring', pod: 'prometheus-platform-0', ...QUEUE };
  const rate = (a: string, b: string) => `(rate(${a}{${prom}}[5m]) or rate(${b}{${prom}}[5m]))`;
  const failed = rate('prometheus_remote_storage_failed_samples_total', 'prometheus_remote_storage_samples_failed_total');
  const succeeded = rate('prometheus_remote_storage_succeeded_samples_total', 'prometheus_remote_storage_samples_total');
  return {
    name: 'prometheus-remote-write',
    alerts: [
      {
        alert: 'PrometheusRemoteStorageFailures',
        expr: `(${failed} / (${failed} + ${succeeded})) * 100 > ${t.remoteStorageFailuresPercent}`,
        for: '15m',
        severity: 'critical',
        summary: 'Prometheus fails to send samples to remote storage.',
        description:
          `Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to send more than ${t.remoteStorageFailuresPercent}% of its samples to ` +
          '{{ $labels.remote_name }} ({{ $labels.url }}); those samples never reach the long-term store.',
        runbook: {
          meaning:
            'The long-term store rejects samples for good (4xx other than 429: bad labels, out-of-order or too-old samples, limits). Unlike an outage, these samples are not retried: long-range queries will have gaps.',
          check: [
            '`kubectl -n monitoring logs <pod> -c prometheus | grep -i "remote write"` shows the status code and the reason AMP gives.',
            'AMP quotas (active series, ingestion rate, labels per series) in the Service Quotas console; the `aws_amp` CloudWatch usage metrics.',
            'A 403 means the Pod Identity role or its association: `aws eks list-pod-identity-associations --cluster-name <cluster>`.',
          ],
          mitigate: [
            'Quota: raise it, or drop more series in the write relabelling (cdk8s/metrics/remote-write.ts).',
            'Permissions: re-apply the long-term-metrics stack (scripts/terraform.sh <env> long-term-metrics apply).',
            'In-cluster Prometheus still has every sample for metrics.retention; only the long-term copy has the gap.',
          ],
        },
        fires: {
          series: [s('prometheus_remote_storage_samples_failed_total', '0+10x40'), s('prometheus_remote_storage_samples_total', '0+100x40')],
          at: '25m',
          labels,
        },
        silent: {
          series: [s('prometheus_remote_storage_samples_failed_total', '0x40'), s('prometheus_remote_storage_samples_total', '0+100x40')],
          at: '25m',
        },
      },
      {
        alert: 'PrometheusRemoteWriteBehind',
        // Without max_over_time, failed scrapes could create false negatives (as upstream). Prometheus 3.5 (pinned)
        // exports the newest appended timestamp once per server (highest_timestamp_in_seconds), not per queue, so this
        // is kube-prometheus' expression for that metric: each queue's newest sent sample against the server's newest.
        expr:
          `(max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{${prom}}[5m])` +
          ` - ignoring(remote_name, url) group_right` +
          ` max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prom}}[5m])) > ${t.remoteWriteBehindSeconds}`,
        for: '15m',
        severity: 'critical',
        summary: 'Prometheus remote write is behind.',
        description:
          `Remote write of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} to {{ $labels.remote_name }} ({{ $labels.url }}) is more than ` +
          `${t.remoteWriteBehindSeconds}s behind the newest sample: the long-term store is unreachable or too slow.`,
        runbook: {
          meaning:
            'The queue cannot deliver as fast as samples arrive (the store is down or throttling, the network path is broken, or the queue has too few shards). Samples wait in the write-ahead log and are retried; nothing is lost while the backlog is younger than the WAL (about 2 hours), after which the oldest samples never reach the long-term store.',
          check: [
            'Prometheus logs: connection errors, 5xx or 429 from aps-workspaces.',
            'The aps-workspaces VPC endpoint and the Prometheus NetworkPolicy (egress to the VPC on 443, to the Pod Identity agent on 80).',
            '`prometheus_remote_storage_shards` against `prometheus_remote_storage_shards_max` (see PrometheusRemoteWriteDesiredShards).',
          ],
          mitigate: [
            'Restore the path to AMP; the queue catches up by itself (it may run up to maxShards shards to drain the backlog).',
            'If the store stays away for longer than the WAL keeps samples, accept the gap: in-cluster Prometheus still holds them for metrics.retention.',
          ],
        },
        fires: {
          series: [server('prometheus_remote_storage_highest_timestamp_in_seconds', '1000+60x40'), s('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', '1000+0x40')],
          at: '25m',
          labels,
        },
        silent: {
          series: [server('prometheus_remote_storage_highest_timestamp_in_seconds', '1000+60x40'), s('prometheus_remote_storage_queue_highest_sent_timestamp_seconds', '970+60x40')],
          at: '25m',
        },
      },
      {
        alert: 'PrometheusRemoteWriteDesiredShards',
        expr: `max_over_time(prometheus_remote_storage_shards_desired{${prom}}[5m]) > max_over_time(prometheus_remote_storage_shards_max{${prom}}[5m])`,
        for: '15m',
        severity: 'warning',
        summary: 'Prometheus remote write desired shards calculation wants to run more than configured max shards.',
        description:
          'Remote write of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} to {{ $labels.remote_name }} ({{ $labels.url }}) needs more shards than its maxShards to keep up.',
        runbook: {
          meaning:
            'Ingestion grew beyond what the queue was sized for (capacity.metrics.activeSeries in the environment file sizes maxShards), so the queue will fall behind.',
          check: ['`prometheus_remote_storage_shards_desired` and `prometheus_remote_storage_samples_in_total` rate against the capacity model (docs/capacity.md).'],
          mitigate: [
            'Raise capacity.metrics.activeSeries to the real number of active series (`prometheus_tsdb_head_series`) and re-synthesize: maxShards follows.',
            'Or send less: extend the write relabelling in cdk8s/metrics/remote-write.ts.',
          ],
        },
        fires: {
          series: [s('prometheus_remote_storage_shards_desired', '60x40'), s('prometheus_remote_storage_shards_max', '50x40')],
          at: '25m',
          labels,
        },
        silent: {
          series: [s('prometheus_remote_storage_shards_desired', '10x40'), s('prometheus_remote_storage_shards_max', '50x40')],
          at: '25m',
        },
      },
    ],
  };
}

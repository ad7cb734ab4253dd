/**
 * What the stack's Prometheus sends to the long-term store (Amazon Managed Service for Prometheus): the remote-write
 * entry of the Prometheus CR — sigv4 signing, the queue sized by the capacity model, and the write relabelling that
 * keeps out series no long-range query needs.
 *
 * Write relabelling policy (docs/long-term-metrics.md):
 * - kept: everything else, in particular every recording rule output (names with a `:`; no rule below can match a
 *   colon) and the raw series the SLO burn-rate rules and service dashboards read (request counters and latency
 *   buckets of catalog services);
 * - dropped: the runtime internals of every process (Go, Node.js and process collectors), histogram buckets of the
 *   kubelet and cAdvisor (one set per pod, volume and operation: the largest cardinality in a cluster, needed only for
 *   in-cluster debugging), buckets of the platform components' own internals, and cAdvisor series nobody graphs.
 * In-cluster Prometheus keeps all of them for `metrics.retention`; only the remote copy is thinner.
 */
import type { RemoteWriteQueue } from '../../config/capacity.js';
import {
  type PrometheusSpecRemoteWrite,
  PrometheusSpecRemoteWriteWriteRelabelConfigsAction,
} from '../../imports/monitoring.coreos.com.js';

/** One drop rule: series whose `sourceLabels` values, joined with `;`, match `regex` (anchored) are not sent. */
export interface WriteDropRule {
  /** Why these series are not needed in the long-term store. */
  readonly reason: string;
  readonly sourceLabels: readonly string[];
  /** RE2 regular expression, anchored by Prometheus at both ends. Must never match a name containing `:`. */
  readonly regex: string;
}

/** A metric-name fragment that cannot contain a colon, so no recording rule output is ever dropped. */
const NAME = '[^:]*';

export const WRITE_DROP_RULES: readonly WriteDropRule[] = [
  {
    reason: 'runtime internals (Go, Node.js, process and promhttp collectors) of every exporter, operator and service',
    sourceLabels: ['__name__'],
    regex: `(go|process|nodejs|promhttp)_${NAME}`,
  },
  {
    reason: 'kubelet and cAdvisor histogram buckets: one set per pod, volume and operation',
    sourceLabels: ['job', '__name__'],
    regex: `kubelet;${NAME}_bucket`,
  },
  {
    reason: 'histogram buckets of the platform components themselves (request, query, compaction and client latencies)',
    sourceLabels: ['__name__'],
    regex: `(prometheus|alertmanager|grafana|apiserver|rest_client|workqueue|controller_runtime|storage_operation|csi_operations)_${NAME}_bucket`,
  },
  {
    reason: 'cAdvisor series no dashboard or rule reads (per-container specs, task states, sockets, threads, device usage)',
    sourceLabels: ['__name__'],
    regex: `container_(tasks_state|memory_failures_total|blkio_device_usage_total|spec_${NAME}|file_descriptors|sockets|threads|threads_max|ulimits_soft|last_seen|start_time_seconds)`,
  },
];

/** Whether a series (its labels, `__name__` included) would be sent, applying the drop rules as Prometheus does. */
export function isSentToLongTerm(labels: Readonly<Record<string, string>>, rules: readonly WriteDropRule[] = WRITE_DROP_RULES): boolean {
  return !rules.some((rule) => new RegExp(`^(?:${rule.regex})$`).test(rule.sourceLabels.map((l) => labels[l] ?? '').join(';')));
}

export interface RemoteWriteTarget {
  /** Name of the queue (label `remote_name` of the remote-storage metrics). */
  readonly name: string;
  /** Remote-write URL of the AMP workspace. */
  readonly url: string;
  /** Region of the workspace: requests are signed with SigV4 for `aps` in it (credentials from EKS Pod Identity). */
  readonly region: string;
  /** Queue sizing from the capacity model (`sizeRemoteWrite`). */
  readonly queue: RemoteWriteQueue;
}

/** The Prometheus CR `remoteWrite` entry for a target. */
export function remoteWriteSpec(target: RemoteWriteTarget): PrometheusSpecRemoteWrite {
  return {
    name: target.name,
    url: target.url,
    // No keys and no role: the AWS SDK's default chain picks up the Pod Identity credentials of the ServiceAccount.
    sigv4: { region: target.region },
    queueConfig: {
      capacity: target.queue.capacity,
      minShards: target.queue.minShards,
      maxShards: target.queue.maxShards,
      maxSamplesPerSend: target.queue.maxSamplesPerSend,
      batchSendDeadline: target.queue.batchSendDeadline,
      minBackoff: target.queue.minBackoff,
      maxBackoff: target.queue.maxBackoff,
      // AMP answers 429 when a workspace exceeds its ingestion quota: back off and retry instead of dropping samples.
      retryOnRateLimit: true,
    },
    writeRelabelConfigs: WRITE_DROP_RULES.map((rule) => ({
      action: PrometheusSpecRemoteWriteWriteRelabelConfigsAction.DROP,
      sourceLabels: [...rule.sourceLabels],
      ...(rule.sourceLabels.length > 1 ? { separator: ';' } : {}),
      regex: rule.regex,
    })),
  };
}

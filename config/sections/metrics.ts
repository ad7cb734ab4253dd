/** Metrics collection settings (Prometheus, its exporters and Grafana). */
import { z } from 'zod';
import { WORKSPACE_ALIAS, WORKSPACE_ID } from '../amp.js';
import { duration, resources } from './primitives.js';

const BYTE_UNITS = { MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 } as const;

/** Bytes of a Prometheus size such as `40GB` (Prometheus counts these units in powers of 1024). */
export function parseByteSize(value: string): number | undefined {
  const match = /^(\d+)(MB|GB|TB)$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * BYTE_UNITS[match[2] as keyof typeof BYTE_UNITS];
}

const byteSize = z
  .string()
  .refine((v) => (parseByteSize(v) ?? 0) > 0, { message: 'must be a positive size like 500MB, 40GB or 1TB' });

const replicas = (what: string) =>
  z
    .number({ message: `must be a whole number of ${what} replicas, e.g. 2` })
    .int({ message: `must be a whole number of ${what} replicas, e.g. 2` })
    .min(1, { message: `must be at least 1 ${what} replica` })
    .max(10, { message: `must be at most 10 ${what} replicas` });

export const prometheus = z
  .object({
    replicas: replicas('Prometheus').describe('Prometheus replicas; 2 or more for high availability (spread over zones)'),
    resources: resources.describe('requests (and memory limit) of the Prometheus container'),
    storageGiB: z
      .number({ message: 'must be a whole number of GiB, e.g. 50' })
      .int({ message: 'must be a whole number of GiB, e.g. 50' })
      .min(1, { message: 'must be at least 1 GiB' })
      .describe('size of each replica\'s persistent volume, in GiB'),
    retentionSize: byteSize.describe('size-based retention: oldest blocks are dropped beyond this size, e.g. 40GB; keep it below storageGiB'),
    evaluationInterval: duration.default('30s').describe('how often recording and alerting rules are evaluated'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const size = parseByteSize(p.retentionSize);
    // Leave 15% of the volume for the WAL, compaction and head chunks: beyond that the disk fills before retention acts.
    if (size !== undefined && size > p.storageGiB * 2 ** 30 * 0.85) {
      ctx.addIssue({
        code: 'custom',
        path: ['retentionSize'],
        message: `must be at most 85% of storageGiB (${p.storageGiB} GiB → at most ${Math.floor(p.storageGiB * 0.85)}GB) so the WAL and compaction fit`,
      });
    }
  });

export const grafana = z
  .object({
    replicas: replicas('Grafana').describe('Grafana replicas (stateless: every pod is provisioned from ConfigMaps)'),
    resources: resources.describe('requests (and memory limit) of the Grafana container'),
  })
  .strict();

const selector = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"(\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*")*$/, {
    message: 'must be PromQL label matchers without braces, e.g. job="node-exporter"',
  });

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { message: 'must be a Prometheus metric name, e.g. http_requests_total' });

/**
 * Metric names (and the error matcher) of the catalog services that dashboards and recording rules query. The
 * selectors of the stack's own scrape jobs are not config: they come from contracts/scrape-jobs.ts.
 */
export const queryMetrics = z
  .object({
    serviceRequests: metricName.default('http_requests_total').describe('catalog services: request counter (label `code`)'),
    serviceErrors: selector.default('code=~"5.."').describe('catalog services: matchers that mark a request as an error'),
    serviceLatencyBuckets: metricName
      .default('http_request_duration_seconds_bucket')
      .describe('catalog services: request duration histogram buckets'),
  })
  .strict();

/**
 * Long-term, global metrics: `amp` remote-writes every Prometheus replica to an Amazon Managed Service for Prometheus
 * workspace (created by the cdktf `long-term-metrics` stack) and adds it as a Grafana datasource; `none` keeps metrics
 * in the cluster only (`metrics.retention`). See docs/long-term-metrics.md.
 */
export const longTerm = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('none') }).strict(),
    z
      .object({
        mode: z.literal('amp'),
        workspaceAlias: z
          .string()
          .regex(WORKSPACE_ALIAS, {
            message: 'must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. obs-prod',
          })
          .optional()
          .describe('alias of the AMP workspace; defaults to the environment\'s resource prefix (obs-<name>)'),
        workspaceId: z
          .string()
          .regex(WORKSPACE_ID, { message: 'must be an AMP workspace id such as ws-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d (terraform output workspace_id)' })
          .optional()
          .describe(
            'id of the workspace once the long-term-metrics stack created it (its output workspace_id); until it is set, ' +
              'the Prometheus CR and Grafana get no remote write or datasource',
          ),
      })
      .strict(),
  ],
  { message: 'mode must be amp or none' },
);

export const metrics = z
  .object({
    retention: duration.describe('how long Prometheus keeps samples, e.g. 15d'),
    scrapeInterval: duration.default('30s').describe('default scrape interval for every target'),
    prometheus: prometheus.describe('the stack Prometheus (prometheus-operator CR "platform")'),
    grafana: grafana.describe('Grafana (a plain Deployment)'),
    nodeExporter: z.object({ resources }).strict().describe('node-exporter DaemonSet'),
    kubeStateMetrics: z.object({ resources }).strict().describe('kube-state-metrics Deployment'),
    queries: queryMetrics.prefault({}).describe('catalog metric names used by dashboards and recording rules'),
    longTerm: longTerm.default({ mode: 'none' }).describe('long-term, global metrics store: amp (remote write to Amazon Managed Service for Prometheus) or none'),
  })
  .strict();

export type Metrics = z.infer<typeof metrics>;
export type QueryMetrics = z.infer<typeof queryMetrics>;
export type LongTerm = z.infer<typeof longTerm>;

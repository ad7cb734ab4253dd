/**
 * A synthetic Logstash metrics target: the exposition text of the kuskoman/logstash-exporter v1.9.1 sidecar (job
 * `logstash`) for one pod running pipeline `main`, at `t` seconds.
 *
 * Source of the names: kuskoman/logstash-exporter v1.9.1, collectors/nodestats/pipeline_subcollector.go
 * (namespace `logstash`, subsystem `stats_pipeline`; counters carry no `_total` suffix; plugin series add
 * `plugin_type`, `plugin` and `plugin_id`). The Elasticsearch output's `plugin_id` is ours (PLUGIN_IDS). `namespace`
 * and `pod` stand for the target labels the ServiceMonitor adds in the cluster.
 */
import { SCRAPE_JOBS } from '../../../contracts/scrape-jobs.js';
import { PLUGIN_IDS } from '../../../cdk8s/logging/container-logs-pipeline.js';
import { type Labels, render } from './exposition.js';

/** The job Prometheus scrapes Logstash under. */
export const job = SCRAPE_JOBS.logstash.job;

const TARGET: Labels = { namespace: 'logging', pod: 'logging-ls-0', pipeline: 'main' };
const ES_OUT: Labels = { ...TARGET, plugin_type: 'output', plugin: 'elasticsearch', plugin_id: PLUGIN_IDS.elasticsearch };

interface Series {
  readonly name: string;
  /** The exporter's help text. */
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly labels: Labels;
  /** Value at `t` seconds. */
  readonly at: (t: number) => number;
}

const SERIES: readonly Series[] = [
  { name: 'logstash_stats_pipeline_up', help: 'Whether the pipeline is up or not.', type: 'gauge', labels: TARGET, at: () => 1 },
  { name: 'logstash_stats_pipeline_events_in', help: 'Number of events that have been inputted into this pipeline.', type: 'counter', labels: TARGET, at: (t) => Math.floor(98 * t) },
  { name: 'logstash_stats_pipeline_events_filtered', help: 'Number of events that have been filtered out by this pipeline.', type: 'counter', labels: TARGET, at: (t) => Math.floor(97 * t) },
  { name: 'logstash_stats_pipeline_events_out', help: 'Number of events that have been processed by this pipeline.', type: 'counter', labels: TARGET, at: (t) => Math.floor(96 * t) },
  { name: 'logstash_stats_pipeline_reloads_failures', help: 'Number of failed pipeline reloads.', type: 'counter', labels: TARGET, at: () => 0 },
  { name: 'logstash_stats_pipeline_queue_events_count', help: 'Number of events in the queue.', type: 'gauge', labels: TARGET, at: (t) => 200 + (t % 60) },
  { name: 'logstash_stats_pipeline_queue_max_size_in_bytes', help: 'Maximum size of given queue in bytes.', type: 'gauge', labels: TARGET, at: () => 8 * 1024 ** 3 },
  { name: 'logstash_stats_pipeline_dead_letter_queue_size_in_bytes', help: 'Current size of the dead letter queue in bytes.', type: 'gauge', labels: TARGET, at: (t) => 4096 + Math.floor(10 * t) },
  { name: 'logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes', help: 'Maximum size of the dead letter queue in bytes.', type: 'gauge', labels: TARGET, at: () => 1024 ** 3 },
  { name: 'logstash_stats_pipeline_dead_letter_queue_dropped_events', help: 'Number of events dropped by the dead letter queue.', type: 'counter', labels: TARGET, at: () => 0 },
  { name: 'logstash_stats_pipeline_plugin_documents_successes', help: 'Number of successful bulk requests.', type: 'counter', labels: ES_OUT, at: (t) => Math.floor(96 * t) },
  { name: 'logstash_stats_pipeline_plugin_documents_non_retryable_failures', help: 'Number of output events with non-retryable failures.', type: 'counter', labels: ES_OUT, at: (t) => Math.floor(0.1 * t) },
  { name: 'logstash_stats_pipeline_plugin_bulk_requests_errors', help: 'Number of bulk request errors.', type: 'counter', labels: ES_OUT, at: (t) => Math.floor(0.05 * t) },
];

/** Exposition text at `t` seconds after start. */
export function exposition(t: number): string {
  return render(SERIES.map((s) => ({ name: s.name, type: s.type, help: s.help, samples: [{ labels: s.labels, value: s.at(t) }] })));
}

export const logstashExporter = { job, exposition } as const;

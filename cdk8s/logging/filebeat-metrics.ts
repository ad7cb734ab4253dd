/**
 * Filebeat's metrics in Prometheus form: the fields of Filebeat's own HTTP monitoring endpoint (`GET /stats` on
 * `http.port`, https://www.elastic.co/docs/reference/beats/filebeat/http-endpoint) that the alerts and the
 * log-pipeline dashboard use, and the prometheus-community json_exporter module that turns them into metrics
 * (https://github.com/prometheus-community/json_exporter, config format of v0.5+: `modules.<name>.metrics[]`).
 *
 * Field names: the `/stats` document is what Metricbeat's `beat` module indexes under `beat.stats.*`; Elastic
 * documents each field there ("Beat fields": `beat.stats.libbeat.output.events.acked`, `….output.write.errors`,
 * `….pipeline.events.published`, …; https://www.elastic.co/guide/en/beats/metricbeat/7.17/exported-fields-beat.html).
 * `filebeat.events.*` (events added to / done by the registrar pipeline) appears in the same document.
 *
 * This table is the one source of the metric names: the exporter config, the alert rules, the dashboard and the
 * synthetic exporter of the tests all read it, so they cannot drift apart.
 */

/** One `/stats` field as one Prometheus metric (a json_exporter `value` scrape). */
export interface FilebeatMetric {
  /** Prometheus metric name; counters end in `_total`. */
  readonly name: string;
  /** Path of the field in the `/stats` JSON document. */
  readonly field: readonly string[];
  readonly type: 'counter' | 'gauge';
  readonly help: string;
}

const counter = (name: string, field: readonly string[], help: string): FilebeatMetric => ({ name, field, type: 'counter', help });
const gauge = (name: string, field: readonly string[], help: string): FilebeatMetric => ({ name, field, type: 'gauge', help });

export const FILEBEAT_METRICS = {
  /** Events read from the log files and handed to the publishing pipeline. */
  eventsAdded: counter('filebeat_events_added_total', ['filebeat', 'events', 'added'], 'Events read by Filebeat and added to its pipeline (filebeat.events.added).'),
  eventsDone: counter('filebeat_events_done_total', ['filebeat', 'events', 'done'], 'Events whose processing Filebeat finished (filebeat.events.done).'),
  pipelinePublished: counter('filebeat_pipeline_events_published_total', ['libbeat', 'pipeline', 'events', 'published'], 'Events published to the output queue (libbeat.pipeline.events.published).'),
  pipelineFailed: counter('filebeat_pipeline_events_failed_total', ['libbeat', 'pipeline', 'events', 'failed'], 'Events the pipeline failed to publish (libbeat.pipeline.events.failed).'),
  pipelineDropped: counter('filebeat_pipeline_events_dropped_total', ['libbeat', 'pipeline', 'events', 'dropped'], 'Events the pipeline dropped (libbeat.pipeline.events.dropped).'),
  pipelineActive: gauge('filebeat_pipeline_events_active', ['libbeat', 'pipeline', 'events', 'active'], 'Events in the pipeline not yet acknowledged (libbeat.pipeline.events.active).'),
  outputAcked: counter('filebeat_output_events_acked_total', ['libbeat', 'output', 'events', 'acked'], 'Events acknowledged by the output, here Logstash (libbeat.output.events.acked).'),
  outputFailed: counter('filebeat_output_events_failed_total', ['libbeat', 'output', 'events', 'failed'], 'Events the output failed to send and will retry (libbeat.output.events.failed).'),
  outputDropped: counter('filebeat_output_events_dropped_total', ['libbeat', 'output', 'events', 'dropped'], 'Events the output gave up on (libbeat.output.events.dropped).'),
  outputWriteErrors: counter('filebeat_output_write_errors_total', ['libbeat', 'output', 'write', 'errors'], 'Network write errors of the output (libbeat.output.write.errors).'),
  outputReadErrors: counter('filebeat_output_read_errors_total', ['libbeat', 'output', 'read', 'errors'], 'Network read errors of the output (libbeat.output.read.errors).'),
  outputWriteBytes: counter('filebeat_output_write_bytes_total', ['libbeat', 'output', 'write', 'bytes'], 'Bytes written by the output (libbeat.output.write.bytes).'),
} as const satisfies Record<string, FilebeatMetric>;

export type FilebeatMetricName = keyof typeof FILEBEAT_METRICS;

/** Name of the json_exporter module; Prometheus asks for it with `?module=`. */
export const JSON_EXPORTER_MODULE = 'filebeat';

/** The JSONPath json_exporter evaluates for a field, e.g. `{ .libbeat.output.events.acked }`. */
export function jsonPath(field: readonly string[]): string {
  for (const segment of field) {
    if (!/^[a-z_]+$/.test(segment)) {
      throw new Error(`filebeat stats field segment "${segment}" is not a plain name; use lower-case letters and "_" only`);
    }
  }
  return `{ .${field.join('.')} }`;
}

/** One metric of a json_exporter module, as its YAML config names the keys. */
export interface JsonExporterMetric {
  readonly name: string;
  readonly path: string;
  readonly help: string;
  readonly valuetype: 'counter' | 'gauge';
}

export interface JsonExporterConfig {
  readonly modules: Readonly<Record<string, { readonly metrics: readonly JsonExporterMetric[]; readonly valid_status_codes: readonly number[] }>>;
}

/** The exporter's whole config file, as an object (serialized with the `yaml` package by the construct). */
export function jsonExporterConfig(): JsonExporterConfig {
  return {
    modules: {
      [JSON_EXPORTER_MODULE]: {
        // Anything but 200 from Filebeat fails the scrape (`up` 0) instead of exporting nothing.
        valid_status_codes: [200],
        metrics: Object.values(FILEBEAT_METRICS).map((m) => ({ name: m.name, path: jsonPath(m.field), help: m.help, valuetype: m.type })),
      },
    },
  };
}

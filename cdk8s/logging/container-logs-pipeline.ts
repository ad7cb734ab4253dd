/**
 * The Logstash pipeline of the platform: container logs from Filebeat (Beats protocol) → JSON or plain-text parsing,
 * Kubernetes metadata kept → Elasticsearch data streams named `logs-<service>-<namespace>`.
 */
import { field, fieldPath, type Pipeline, type Statement } from './pipeline.js';

/** Plugin ids: stable names that show up in Logstash's node stats and the exporter's `plugin_id` label. */
export const PLUGIN_IDS = {
  beats: 'beats-in',
  json: 'parse-json',
  plain: 'parse-plain',
  /** The application's own time (`[json][@timestamp]`) → `@timestamp`. */
  eventTimestamp: 'event-timestamp',
  /** The same from `[json][time]`, for loggers that name it so (Go's slog, pino with a custom key). */
  eventTime: 'event-time',
  elasticsearch: 'elasticsearch-out',
} as const;

/**
 * Where an event's own time is read from, in order: the logging contract's `@timestamp` (ISO 8601, see
 * examples/sample-service/README.md), else `time`. Without it, Elasticsearch would index the line at the time Filebeat
 * read it.
 */
export const EVENT_TIME = {
  sources: [
    { field: field('json', '@timestamp'), id: PLUGIN_IDS.eventTimestamp },
    { field: field('json', 'time'), id: PLUGIN_IDS.eventTime },
  ],
  /** Joda's ISO8601 parser: `2026-01-02T03:04:05.678Z`, offsets, optional fractions. */
  formats: ['ISO8601'],
  /** Added to an event whose time cannot be parsed; the event keeps its read time and is still indexed. */
  failureTag: '_dateparsefailure',
} as const;

export interface ContainerLogsPipelineProps {
  /** Port of the Beats input (Service `logging-ls-beats`). */
  readonly beatsPort: number;
  /**
   * Prefix of the environment variables ECK injects for an `elasticsearchRefs` entry: `<PREFIX>_ES_HOSTS`,
   * `_ES_USER`, `_ES_PASSWORD`, `_ES_SSL_CERTIFICATE_AUTHORITY` (the clusterName upper-cased, `-` as `_`).
   */
  readonly elasticsearchEnvPrefix: string;
}

/** Data stream naming: type `logs`, dataset = service, namespace = Kubernetes namespace. */
export const DATA_STREAM = {
  type: 'logs',
  /** Where the service name comes from, in order of preference. */
  datasetSources: [field('kubernetes', 'labels', 'app_kubernetes_io/name'), field('kubernetes', 'container', 'name')],
  /** When no source is present. */
  fallbackDataset: 'unknown',
  namespaceSource: field('kubernetes', 'namespace'),
  fallbackNamespace: 'default',
} as const;

const dataset = field('data_stream', 'dataset');
const namespace = field('data_stream', 'namespace');
const message = field('message');

/** Sets a field from the first source present, else a constant. */
function firstOf(target: ReturnType<typeof field>, sources: readonly ReturnType<typeof field>[], fallback: string): Statement {
  return {
    branches: sources.map((source) => ({
      when: { exists: source },
      then: [{ plugin: 'mutate', settings: { add_field: { hash: { [fieldPath(target)]: `%{${fieldPath(source)}}` } } } }],
    })),
    otherwise: [{ plugin: 'mutate', settings: { add_field: { hash: { [fieldPath(target)]: fallback } } } }],
  };
}

export function containerLogsPipeline(props: ContainerLogsPipelineProps): Pipeline {
  const env = (name: string) => `\${${props.elasticsearchEnvPrefix}_ES_${name}}`;
  return {
    input: [{ plugin: 'beats', settings: { id: PLUGIN_IDS.beats, port: props.beatsPort } }],
    filter: [
      {
        // Structured (JSON) lines are parsed under [json]; anything else is kept as plain text, with its level
        // extracted when the line starts with one (optionally after a timestamp).
        branches: [
          {
            when: { matches: message, regex: '^\\s*\\{' },
            then: [
              {
                plugin: 'json',
                settings: { id: PLUGIN_IDS.json, source: 'message', target: 'json', skip_on_invalid_json: true },
              },
              {
                branches: [
                  {
                    when: { exists: field('json', 'level') },
                    then: [{ plugin: 'mutate', settings: { copy: { hash: { '[json][level]': '[log][level]' } } } }],
                  },
                ],
              },
              {
                // The application's time wins over the time the line was read; a bad value is tagged, not dropped.
                branches: EVENT_TIME.sources.map((source) => ({
                  when: { exists: source.field },
                  then: [
                    {
                      plugin: 'date',
                      settings: {
                        id: source.id,
                        match: [fieldPath(source.field), ...EVENT_TIME.formats],
                        target: '@timestamp',
                        tag_on_failure: [EVENT_TIME.failureTag],
                      },
                    },
                  ],
                })),
              },
            ],
          },
        ],
        otherwise: [
          {
            plugin: 'grok',
            settings: {
              id: PLUGIN_IDS.plain,
              match: { hash: { message: '^(%{TIMESTAMP_ISO8601}\\s+)?\\[?%{LOGLEVEL:[log][level]}\\]?\\s' } },
              tag_on_failure: [],
            },
          },
        ],
      },
      { plugin: 'mutate', settings: { add_field: { hash: { '[data_stream][type]': DATA_STREAM.type } } } },
      firstOf(dataset, DATA_STREAM.datasetSources, DATA_STREAM.fallbackDataset),
      firstOf(namespace, [DATA_STREAM.namespaceSource], DATA_STREAM.fallbackNamespace),
      // Data stream names allow neither "-" in dataset/namespace nor upper case: fold them to "_".
      { plugin: 'mutate', settings: { lowercase: [fieldPath(dataset), fieldPath(namespace)] } },
      {
        plugin: 'mutate',
        settings: { gsub: [fieldPath(dataset), '[^a-z0-9_.]', '_', fieldPath(namespace), '[^a-z0-9_]', '_'] },
      },
    ],
    output: [
      {
        plugin: 'elasticsearch',
        settings: {
          id: PLUGIN_IDS.elasticsearch,
          hosts: [env('HOSTS')],
          user: env('USER'),
          password: env('PASSWORD'),
          ssl_enabled: true,
          ssl_certificate_authorities: [env('SSL_CERTIFICATE_AUTHORITY')],
          // Routed by the event's [data_stream] fields: logs-<dataset>-<namespace>.
          data_stream: 'true',
          data_stream_auto_routing: true,
        },
      },
    ],
  };
}

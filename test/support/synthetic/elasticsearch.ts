/**
 * A synthetic prometheus-community elasticsearch_exporter (the image `elasticsearchExporter` in config/images.ts,
 * v1.11.0), as the logging chart runs it: `--es.all --es.indices --collector.clustersettings`, scraped as job
 * `elasticsearch-exporter`. Names, types and label sets are the exporter's own, from its metrics.md and
 * collector/cluster_health.go (`cluster`; `status` is one series per `color`), collector/nodes.go (node series carry
 * `cluster`, `host`, `name`, `es_master_node`, `es_data_node`, `es_ingest_node`, `es_client_node`; JVM memory adds
 * `area`, the data filesystem `mount` and `path`) and collector/cluster_settings.go (watermarks as ratios when set in
 * percent, as Elasticsearch's defaults are: 85%, 90%, 95%).
 */
import { SCRAPE_JOBS } from '../../../contracts/scrape-jobs.js';
import { type Family, render } from './exposition.js';

export const ELASTICSEARCH_JOB = SCRAPE_JOBS.elasticsearch.job;

const CLUSTER = 'logging';
const NODES = [0, 1, 2].map((i) => ({
  cluster: CLUSTER,
  host: `10.0.${i + 1}.10`,
  name: `logging-es-default-${i}`,
  es_master_node: 'true',
  es_data_node: 'true',
  es_ingest_node: 'true',
  es_client_node: 'true',
}));
const GIB = 1024 ** 3;

/** The exporter's /metrics after `t` seconds: a green three-node cluster indexing 200 docs/s and serving 20 searches/s. */
export function elasticsearchExposition(t: number): string {
  const cluster = { cluster: CLUSTER };
  const health = (name: string, help: string, value: number): Family => ({ name: `elasticsearch_cluster_health_${name}`, type: 'gauge', help, samples: [{ labels: cluster, value }] });
  const perNode = (name: string, type: 'counter' | 'gauge', help: string, value: (i: number) => number, extra: Readonly<Record<string, string>> = {}): Family => ({
    name,
    type,
    help,
    samples: NODES.map((labels, i) => ({ labels: { ...labels, ...extra }, value: value(i) })),
  });
  const families: Family[] = [
    {
      name: 'elasticsearch_cluster_health_status',
      type: 'gauge',
      help: 'Whether all primary and replica shards are allocated.',
      samples: ['green', 'yellow', 'red'].map((color) => ({ labels: { ...cluster, color }, value: color === 'green' ? 1 : 0 })),
    },
    health('number_of_nodes', 'Number of nodes in the cluster.', NODES.length),
    health('number_of_data_nodes', 'Number of data nodes in the cluster.', NODES.length),
    health('active_primary_shards', 'The number of primary shards in your cluster.', 30),
    health('active_shards', 'Aggregate total of all shards across all indices, which includes replica shards.', 60),
    health('relocating_shards', 'The number of shards that are currently moving from one node to another node.', 0),
    health('initializing_shards', 'Count of shards that are being freshly created.', 0),
    health('unassigned_shards', 'The number of shards that exist in the cluster state, but cannot be found in the cluster itself.', 0),
    health('delayed_unassigned_shards', 'Shards delayed to reduce reallocation overhead', 0),
    perNode('elasticsearch_jvm_memory_used_bytes', 'gauge', 'JVM memory currently used by area', (i) => (1.5 + 0.5 * i) * GIB, { area: 'heap' }),
    perNode('elasticsearch_jvm_memory_max_bytes', 'gauge', 'JVM memory max', () => 4 * GIB, { area: 'heap' }),
    perNode('elasticsearch_indices_indexing_index_total', 'counter', 'Total index calls', () => Math.floor(200 * t)),
    perNode('elasticsearch_indices_indexing_index_time_seconds_total', 'counter', 'Cumulative index time in seconds', () => 200 * t * 0.002),
    // collector/nodes.go: thread pool series add `type`; the write pool's rejections are the 429s Logstash retries.
    perNode('elasticsearch_thread_pool_rejected_count', 'counter', 'Thread Pool operations rejected', () => Math.floor(0.2 * t), { type: 'write' }),
    perNode('elasticsearch_indices_search_query_total', 'counter', 'Total number of queries', () => Math.floor(20 * t)),
    perNode('elasticsearch_indices_search_query_time_seconds', 'counter', 'Total search query time in seconds', () => 20 * t * 0.015),
    perNode('elasticsearch_filesystem_data_size_bytes', 'gauge', 'Size of block device in bytes', () => 100 * GIB, { mount: '/usr/share/elasticsearch/data (/dev/nvme1n1)', path: '/usr/share/elasticsearch/data' }),
    perNode('elasticsearch_filesystem_data_available_bytes', 'gauge', 'Available space on block device in bytes', (i) => (60 - 10 * i) * GIB, {
      mount: '/usr/share/elasticsearch/data (/dev/nvme1n1)',
      path: '/usr/share/elasticsearch/data',
    }),
    ...(
      [
        ['low', 0.85],
        ['high', 0.9],
        ['flood_stage', 0.95],
      ] as const
    ).map(([mark, value]): Family => ({
      name: `elasticsearch_clustersettings_allocation_watermark_${mark}_ratio`,
      type: 'gauge',
      help: `${mark} watermark for disk usage as a ratio.`,
      samples: [{ labels: {}, value }],
    })),
  ];
  return render(families);
}

export const elasticsearchExporter = { job: ELASTICSEARCH_JOB, exposition: elasticsearchExposition } as const;

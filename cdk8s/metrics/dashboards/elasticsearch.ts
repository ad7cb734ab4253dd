/**
 * The logging cluster, from the exporter the logging chart deploys (prometheus-community elasticsearch_exporter,
 * `config/images.ts` `elasticsearchExporter`, run with `--es.all --es.indices --collector.clustersettings`): cluster
 * health, nodes, shards, JVM heap, indexing and search rate and latency, and disk use against the allocation
 * watermarks. Metric and label names are the exporter's own (its metrics.md and collector/*.go at the pinned tag):
 * cluster-level series carry `cluster`, node-level series `cluster`, `host`, `name` (the node) and the role flags.
 */
import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

/** `elasticsearch_cluster_health_status` is one series per colour, 1 for the current one. */
const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const;

export function elasticsearchDashboard(q: QuerySelectors): DashboardFile {
  const es = matchers(q.elasticsearch);
  const withEs = (...more: readonly string[]) => matchers(q.elasticsearch, ...more);
  const perNode = (metric: string, ...more: readonly string[]) => `max by (cluster, name) (${metric}${withEs(...more)})`;
  const rate = (metric: string) => `sum by (cluster, name) (rate(${metric}${es}[5m]))`;
  // 0 green, 1 yellow, 2 red: each colour's series is 1 only while the cluster has that status
  const health = HEALTH_COLOURS.map((colour, i) => `${i} * max(elasticsearch_cluster_health_status${withEs(`color="${colour}"`)})`).join(' + ');
  const healthStat = stat('Cluster health', { expr: health }, { unit: 'none', description: 'green: every shard allocated; yellow: a replica is unassigned; red: a primary is unassigned (data missing).' })
    .mappings([
      {
        type: MappingType.ValueToText,
        options: Object.fromEntries(HEALTH_COLOURS.map((colour, index) => [String(index), { text: colour, color: colour, index }])),
      },
    ]);
  const shardStates = ['active_primary', 'active', 'relocating', 'initializing', 'unassigned', 'delayed_unassigned'] as const;

  const model = dashboard('platform-elasticsearch', 'Elasticsearch', ['logging', 'elasticsearch'])
    .description('The logging Elasticsearch cluster, from elasticsearch_exporter (job elasticsearch-exporter).')
    .withPanel(healthStat)
    .withPanel(stat('Nodes', { expr: `max(elasticsearch_cluster_health_number_of_nodes${es})` }, { unit: 'none' }))
    .withPanel(stat('Data nodes', { expr: `max(elasticsearch_cluster_health_number_of_data_nodes${es})` }, { unit: 'none' }))
    .withPanel(stat('Unassigned shards', { expr: `max(elasticsearch_cluster_health_unassigned_shards${es})` }, { unit: 'none' }))
    .withPanel(
      timeseries(
        'Shards',
        shardStates.map((state) => ({ expr: `max by (cluster) (elasticsearch_cluster_health_${state}_shards${es})`, legend: state.replace('_', ' ') })),
        { unit: 'none', description: 'Shard counts from cluster health; anything but active for long means allocation is stuck.' },
      ),
    )
    .withPanel(
      timeseries(
        'JVM heap used',
        [{ expr: `${perNode('elasticsearch_jvm_memory_used_bytes', 'area="heap"')} / ${perNode('elasticsearch_jvm_memory_max_bytes', 'area="heap"')}`, legend: '{{name}}' }],
        { unit: 'percentunit', max: 1, description: 'Heap used over the maximum heap, per node. Sustained above 85% means long GC pauses and circuit breakers tripping.' },
      ),
    )
    .withPanel(timeseries('Indexing rate', [{ expr: rate('elasticsearch_indices_indexing_index_total'), legend: '{{name}}' }], { unit: 'ops' }))
    .withPanel(
      timeseries(
        'Indexing latency',
        [{ expr: `${rate('elasticsearch_indices_indexing_index_time_seconds_total')} / ${rate('elasticsearch_indices_indexing_index_total')}`, legend: '{{name}}' }],
        { unit: 's', description: 'Mean time per indexed document over 5 minutes, per node.' },
      ),
    )
    .withPanel(timeseries('Search rate', [{ expr: rate('elasticsearch_indices_search_query_total'), legend: '{{name}}' }], { unit: 'ops' }))
    .withPanel(
      timeseries(
        'Search latency',
        [{ expr: `${rate('elasticsearch_indices_search_query_time_seconds')} / ${rate('elasticsearch_indices_search_query_total')}`, legend: '{{name}}' }],
        { unit: 's', description: 'Mean time per search query over 5 minutes, per node.' },
      ),
    )
    .withPanel(
      timeseries(
        'Disk used vs allocation watermarks',
        [
          {
            expr: `1 - sum by (cluster, name) (elasticsearch_filesystem_data_available_bytes${es}) / sum by (cluster, name) (elasticsearch_filesystem_data_size_bytes${es})`,
            legend: '{{name}}',
          },
          ...(['low', 'high', 'flood_stage'] as const).map((mark) => ({
            expr: `max(elasticsearch_clustersettings_allocation_watermark_${mark}_ratio${es})`,
            legend: `${mark.replace('_', ' ')} watermark`,
          })),
        ],
        {
          unit: 'percentunit',
          max: 1,
          span: 24,
          description:
            'Data disk used per node. Above the low watermark no new shards go to the node, above high shards move away, at flood stage its indices become read-only. The watermark lines are empty when the cluster sets them in bytes instead of percentages.',
        },
      ),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

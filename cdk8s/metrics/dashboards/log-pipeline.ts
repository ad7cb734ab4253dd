/**
 * The log pipeline end to end: Filebeat (read → published → acknowledged, failures and drops), Logstash (in →
 * filtered → out, persistent queue, dead-letter queue, Elasticsearch output errors) and Elasticsearch (indexing rate,
 * write rejections). Filebeat's metric names come from FILEBEAT_METRICS (the json_exporter module that exports them);
 * Logstash's from kuskoman/logstash-exporter v1 (`logstash_stats_pipeline_*`, counters without `_total`);
 * Elasticsearch's from prometheus-community elasticsearch_exporter (node stats collector).
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { PLUGIN_IDS } from '../../logging/container-logs-pipeline.js';
import { FILEBEAT_METRICS as FB } from '../../logging/filebeat-metrics.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function logPipelineDashboard(q: QuerySelectors): DashboardFile {
  const fb = matchers(q.filebeat);
  const ls = matchers(q.logstash);
  const es = matchers(q.elasticsearch);
  const esOut = matchers(q.logstash, `plugin_id="${PLUGIN_IDS.elasticsearch}"`);
  const rate = (metric: string, sel: string, by = '') => `sum${by ? ` by (${by})` : ''} (rate(${metric}${sel}[5m]))`;
  const model = dashboard('platform-log-pipeline', 'Log pipeline', ['logging', 'filebeat', 'logstash', 'elasticsearch'])
    .withPanel(stat('Filebeat pods up', { expr: `sum(up${fb})` }, { unit: 'none', description: 'Scrapes of the json_exporter sidecars that reached Filebeat (one per node).' }))
    .withPanel(stat('Logstash pipelines up', { expr: `sum(logstash_stats_pipeline_up${ls})` }, { unit: 'none' }))
    .withPanel(stat('Events acknowledged by Logstash', { expr: rate(FB.outputAcked.name, fb) }, { unit: 'cps' }))
    .withPanel(stat('Documents indexed', { expr: rate('elasticsearch_indices_indexing_index_total', es) }, { unit: 'ops' }))
    .withPanel(
      timeseries(
        'Filebeat: read, published, acknowledged',
        [
          { expr: rate(FB.eventsAdded.name, fb), legend: 'read' },
          { expr: rate(FB.pipelinePublished.name, fb), legend: 'published' },
          { expr: rate(FB.outputAcked.name, fb), legend: 'acked by Logstash' },
        ],
        { unit: 'cps', description: 'A gap between read and acked that keeps growing means Logstash is not keeping up or not reachable.' },
      ),
    )
    .withPanel(
      timeseries(
        'Filebeat: failed and dropped events, output errors',
        [
          { expr: rate(FB.outputFailed.name, fb, 'pod'), legend: '{{pod}} failed (retried)' },
          { expr: rate(FB.outputDropped.name, fb, 'pod'), legend: '{{pod}} dropped by output' },
          { expr: rate(FB.pipelineDropped.name, fb, 'pod'), legend: '{{pod}} dropped by pipeline' },
          { expr: rate(FB.outputWriteErrors.name, fb, 'pod'), legend: '{{pod}} write errors' },
          { expr: rate(FB.outputReadErrors.name, fb, 'pod'), legend: '{{pod}} read errors' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Logstash: in, filtered, out',
        [
          { expr: rate('logstash_stats_pipeline_events_in', ls, 'pipeline'), legend: '{{pipeline}} in' },
          { expr: rate('logstash_stats_pipeline_events_filtered', ls, 'pipeline'), legend: '{{pipeline}} filtered' },
          { expr: rate('logstash_stats_pipeline_events_out', ls, 'pipeline'), legend: '{{pipeline}} out' },
        ],
        { unit: 'cps' },
      ),
    )
    .withPanel(
      timeseries(
        'Logstash: persistent queue backlog',
        [{ expr: `sum by (pod, pipeline) (logstash_stats_pipeline_queue_events_count${ls})`, legend: '{{pod}} {{pipeline}}' }],
        { unit: 'short', description: 'Events waiting in the persistent queue; it grows while Elasticsearch is slow or down.' },
      ),
    )
    .withPanel(
      timeseries(
        'Logstash: dead-letter queue',
        [
          { expr: `sum by (pod, pipeline) (logstash_stats_pipeline_dead_letter_queue_size_in_bytes${ls})`, legend: '{{pod}} {{pipeline}} size' },
          { expr: `max by (pod, pipeline) (logstash_stats_pipeline_dead_letter_queue_max_size_in_bytes${ls})`, legend: '{{pod}} {{pipeline}} max' },
        ],
        { unit: 'bytes', description: 'Documents Elasticsearch rejected (mapping conflicts, 400/404).' },
      ),
    )
    .withPanel(
      timeseries(
        'Logstash → Elasticsearch: errors',
        [
          { expr: rate('logstash_stats_pipeline_plugin_bulk_requests_errors', esOut, 'pod'), legend: '{{pod}} bulk request errors' },
          { expr: rate('logstash_stats_pipeline_plugin_documents_non_retryable_failures', esOut, 'pod'), legend: '{{pod}} non-retryable documents' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries('Elasticsearch: indexing rate', [{ expr: rate('elasticsearch_indices_indexing_index_total', es, 'name'), legend: '{{name}}' }], { unit: 'ops' }),
    )
    .withPanel(
      timeseries(
        'Elasticsearch: write rejections',
        [{ expr: rate('elasticsearch_thread_pool_rejected_count', matchers(q.elasticsearch, 'type="write"'), 'name'), legend: '{{name}}' }],
        { unit: 'short', description: 'Write thread pool rejections (HTTP 429 to Logstash, which retries).' },
      ),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

/**
 * The logging pipeline: Elasticsearch (prometheus-community elasticsearch_exporter v1.9), Logstash (kuskoman
 * logstash-exporter v1.9 `logstash_stats_pipeline_*`) and Filebeat (its `/stats` fields turned into metrics by the
 * prometheus-community json_exporter sidecar; the names come from `FILEBEAT_METRICS`). The exact metric names are the
 * contract with the logging pipeline, listed in docs/alerting.md and docs/logging.md. The disappearance of each job
 * (ElasticsearchExporterDown, LogstashDown, FilebeatDown) is alerted in system.ts.
 */
import { PLUGIN_IDS } from '../../logging/container-logs-pipeline.js';
import { FILEBEAT_METRICS } from '../../logging/filebeat-metrics.js';
import type { AlertContext, RuleGroup, TestSeries } from './types.js';

export function loggingRules(ctx: AlertContext): RuleGroup {
  const { elasticsearch: es, logstash: ls, filebeat: fb } = ctx.selectors;
  const t = ctx.thresholds;
  const esSeries = (metric: string, values: string, extra = ''): TestSeries => ({
    series: `${metric}{${es}, namespace="logging", cluster="logging"${extra}}`,
    values,
  });
  const esLabels = { namespace: 'logging', cluster: 'logging', job: 'elasticsearch-exporter' };
  const node = ', name="logging-es-default-0"';
  const lsSeries = (metric: string, values: string, extra = ''): TestSeries => ({
    series: `${metric}{${ls}, namespace="logging", pod="logging-ls-0", pipeline="main"${extra}}`,
    values,
  });
  const lsLabels = { namespace: 'logging', pod: 'logging-ls-0', pipeline: 'main', job: 'logstash' };
  // Filebeat metrics under the names the json_exporter module produces (cdk8s/logging/filebeat-metrics.ts).
  const FB = FILEBEAT_METRICS;
  const fbSeries = (metric: string, values: string): TestSeries => ({
    series: `${metric}{${fb}, namespace="node-collectors", pod="filebeat-abc", instance="10.0.3.7:7979"}`,
    values,
  });
  const fbLabels = { namespace: 'node-collectors', pod: 'filebeat-abc' };
  return {
    name: 'logging-pipeline',
    alerts: [
      {
        alert: 'ElasticsearchClusterRed',
        expr: `max by (namespace, cluster) (elasticsearch_cluster_health_status{${es}, color="red"}) == 1`,
        for: '5m',
        severity: 'critical',
        summary: 'Elasticsearch cluster {{ $labels.cluster }} is red.',
        description: 'At least one primary shard of Elasticsearch cluster {{ $labels.cluster }} in {{ $labels.namespace }} is unassigned: some indices cannot be written or searched and logs are being lost or queued.',
        runbook: {
          meaning: 'Primary shards are missing. Writes to those indices fail; Logstash retries and its queue (then DLQ) fills.',
          check: [
            '`GET _cluster/health` and `GET _cat/shards?v&h=index,shard,prirep,state,unassigned.reason | grep UNASSIGNED` via `kubectl -n logging port-forward svc/logging-es-http 9200`.',
            '`GET _cluster/allocation/explain` tells why a shard is not allocated.',
            '`kubectl -n logging get pods -l elasticsearch.k8s.elastic.co/cluster-name=logging` — is a data node down?',
          ],
          mitigate: [
            'Bring the missing node back (its PVC is zonal: a node must exist in that zone).',
            'If disk watermarks block allocation, free space (delete old indices) or expand the volumes.',
            'As a last resort for a lost primary, delete the affected index (data loss) to restore writes.',
          ],
        },
        fires: { series: [esSeries('elasticsearch_cluster_health_status', '1x20', ', color="red"')], at: '10m', labels: { namespace: 'logging', cluster: 'logging' } },
        silent: { series: [esSeries('elasticsearch_cluster_health_status', '0x20', ', color="red"')], at: '10m' },
      },
      {
        alert: 'ElasticsearchClusterYellow',
        expr: `max by (namespace, cluster) (elasticsearch_cluster_health_status{${es}, color="yellow"}) == 1`,
        for: '30m',
        severity: 'warning',
        summary: 'Elasticsearch cluster {{ $labels.cluster }} is yellow.',
        description: 'Replica shards of Elasticsearch cluster {{ $labels.cluster }} in {{ $labels.namespace }} have been unassigned for 30 minutes; losing another node may lose data.',
        runbook: {
          meaning: 'All primaries are allocated but some replicas are not: redundancy is reduced.',
          check: ['`GET _cat/shards?v | grep UNASSIGNED` and `GET _cluster/allocation/explain`.', 'Single-node clusters (dev) with replicas > 0 are always yellow: set replicas to 0 there.'],
          mitigate: ['Restore the missing node or free disk space; reduce `number_of_replicas` where the cluster is too small.'],
        },
        fires: { series: [esSeries('elasticsearch_cluster_health_status', '1x40', ', color="yellow"')], at: '35m', labels: { namespace: 'logging', cluster: 'logging' } },
        silent: { series: [esSeries('elasticsearch_cluster_health_status', '0x40', ', color="yellow"')], at: '35m' },
      },
      {
        alert: 'ElasticsearchUnassignedShards',
        expr: `max by (namespace, cluster) (elasticsearch_cluster_health_unassigned_shards{${es}}) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Elasticsearch cluster {{ $labels.cluster }} has unassigned shards.',
        description: 'Elasticsearch cluster {{ $labels.cluster }} in {{ $labels.namespace }} has had unassigned shards for 15 minutes.',
        runbook: {
          meaning: 'Shards cannot be placed on any node: disk watermarks, allocation filters or a missing node.',
          check: ['`GET _cluster/allocation/explain` for the first unassigned shard.'],
          mitigate: ['Free disk space, add a data node, or fix the index\'s allocation settings; `POST _cluster/reroute?retry_failed=true` after fixing.'],
        },
        fires: { series: [esSeries('elasticsearch_cluster_health_unassigned_shards', '4x30')], at: '20m', labels: { namespace: 'logging', cluster: 'logging' } },
        silent: { series: [esSeries('elasticsearch_cluster_health_unassigned_shards', '0x30')], at: '20m' },
      },
      {
        alert: 'ElasticsearchDiskSpaceLow',
        expr: `elasticsearch_filesystem_data_available_bytes{${es}} / elasticsearch_filesystem_data_size_bytes{${es}} * 100 < ${t.elasticsearchDiskFreePercentWarning}`,
        for: '15m',
        severity: 'warning',
        summary: 'Elasticsearch node {{ $labels.name }} is low on disk space.',
        description: `Elasticsearch node {{ $labels.name }} has less than ${t.elasticsearchDiskFreePercentWarning}% free disk; above the 85% low watermark no new shards are allocated to it.`,
        runbook: {
          meaning: 'The node approaches Elasticsearch\'s disk watermarks (85% low: no new shards; 90% high: shards move away; 95% flood stage: indices become read-only).',
          check: ['`GET _cat/allocation?v` and `GET _cat/indices?v&s=store.size:desc`.', 'Is the ILM/retention job deleting old indices?'],
          mitigate: ['Delete the oldest log indices or shorten retention in config; expand the data volumes (raise storage in config; EBS expands online).'],
        },
        fires: { series: [esSeries('elasticsearch_filesystem_data_available_bytes', '15x30', node), esSeries('elasticsearch_filesystem_data_size_bytes', '100x30', node)], at: '20m', labels: { ...esLabels, name: 'logging-es-default-0' } },
        silent: { series: [esSeries('elasticsearch_filesystem_data_available_bytes', '50x30', node), esSeries('elasticsearch_filesystem_data_size_bytes', '100x30', node)], at: '20m' },
      },
      {
        alert: 'ElasticsearchDiskSpaceCritical',
        expr: `elasticsearch_filesystem_data_available_bytes{${es}} / elasticsearch_filesystem_data_size_bytes{${es}} * 100 < ${t.elasticsearchDiskFreePercentCritical}`,
        for: '5m',
        severity: 'critical',
        summary: 'Elasticsearch node {{ $labels.name }} is past the high disk watermark.',
        description: `Elasticsearch node {{ $labels.name }} has less than ${t.elasticsearchDiskFreePercentCritical}% free disk; at 95% used Elasticsearch makes its indices read-only and log ingestion stops.`,
        runbook: {
          meaning: 'Ingestion is about to stop: the flood-stage watermark sets `index.blocks.read_only_allow_delete` on indices.',
          check: ['`GET _cat/allocation?v`; Logstash output errors rising.'],
          mitigate: [
            'Delete old indices now (`DELETE <oldest-index>`), then expand the volumes.',
            'Since 7.4 the read-only block is removed automatically once usage drops below the high watermark.',
          ],
        },
        fires: { series: [esSeries('elasticsearch_filesystem_data_available_bytes', '5x30', node), esSeries('elasticsearch_filesystem_data_size_bytes', '100x30', node)], at: '20m', labels: { ...esLabels, name: 'logging-es-default-0' } },
        silent: { series: [esSeries('elasticsearch_filesystem_data_available_bytes', '15x30', node), esSeries('elasticsearch_filesystem_data_size_bytes', '100x30', node)], at: '20m' },
      },
      {
        alert: 'ElasticsearchJvmHeapHigh',
        expr: `elasticsearch_jvm_memory_used_bytes{${es}, area="heap"} / elasticsearch_jvm_memory_max_bytes{${es}, area="heap"} * 100 > ${t.jvmHeapUsedPercent}`,
        for: '15m',
        severity: 'warning',
        summary: 'Elasticsearch node {{ $labels.name }} heap usage is high.',
        description: `JVM heap of Elasticsearch node {{ $labels.name }} has been more than ${t.jvmHeapUsedPercent}% used for 15 minutes; circuit breakers and long GC pauses follow.`,
        runbook: {
          meaning: 'The node is short of heap: searches are rejected by circuit breakers and GC pauses make it leave the cluster.',
          check: ['`GET _nodes/stats/jvm,breaker`; expensive Kibana queries or too many shards per node (`GET _cat/shards | wc -l`).'],
          mitigate: ['Reduce the shard count (bigger/rolled-over indices), or give the nodes more memory (heap is half the container memory).'],
        },
        fires: { series: [esSeries('elasticsearch_jvm_memory_used_bytes', '90x30', `${node}, area="heap"`), esSeries('elasticsearch_jvm_memory_max_bytes', '100x30', `${node}, area="heap"`)], at: '20m', labels: { ...esLabels, name: 'logging-es-default-0', area: 'heap' } },
        silent: { series: [esSeries('elasticsearch_jvm_memory_used_bytes', '50x30', `${node}, area="heap"`), esSeries('elasticsearch_jvm_memory_max_bytes', '100x30', `${node}, area="heap"`)], at: '20m' },
      },
      {
        alert: 'LogstashPipelineDown',
        expr: `logstash_stats_pipeline_up{${ls}} == 0`,
        for: '5m',
        severity: 'critical',
        summary: 'Logstash pipeline {{ $labels.pipeline }} on {{ $labels.pod }} is down.',
        description: 'Pipeline {{ $labels.pipeline }} of Logstash pod {{ $labels.namespace }}/{{ $labels.pod }} is not running; Filebeat cannot deliver logs to it.',
        runbook: {
          meaning: 'The pipeline failed to start or crashed: logs pile up in Filebeat\'s registry and are lost when nodes rotate.',
          check: ['`kubectl -n logging logs <pod>` for pipeline errors (bad config, unreachable Elasticsearch).'],
          mitigate: ['Fix the pipeline configuration or its credentials; restart the pod.'],
        },
        fires: { series: [lsSeries('logstash_stats_pipeline_up', '0x20')], at: '10m', labels: lsLabels },
        silent: { series: [lsSeries('logstash_stats_pipeline_up', '1x20')], at: '10m' },
      },
      {
        alert: 'LogstashPipelineReloadFailures',
        expr: `increase(logstash_stats_pipeline_reloads_failures{${ls}}[15m]) > 0`,
        severity: 'warning',
        summary: 'Logstash pipeline {{ $labels.pipeline }} on {{ $labels.pod }} failed to reload.',
        description: 'Pipeline {{ $labels.pipeline }} of Logstash pod {{ $labels.namespace }}/{{ $labels.pod }} failed to reload its configuration in the last 15 minutes; it runs the old configuration.',
        runbook: {
          meaning: 'A pipeline configuration change was rejected.',
          check: ['`kubectl -n logging logs <pod> | grep -i reload`.'],
          mitigate: ['Fix the pipeline definition in the logging config and re-apply.'],
        },
        fires: { series: [lsSeries('logstash_stats_pipeline_reloads_failures', '0 0 0 0 0 1 1 1 1 1 1')], at: '10m', labels: lsLabels },
        silent: { series: [lsSeries('logstash_stats_pipeline_reloads_failures', '0x10')], at: '10m' },
      },
      {
        alert: 'LogstashPipelineEventsStalled',
        expr: `(rate(logstash_stats_pipeline_events_in{${ls}}[10m]) > 0) and (rate(logstash_stats_pipeline_events_out{${ls}}[10m]) == 0)`,
        for: '10m',
        severity: 'critical',
        summary: 'Logstash pipeline {{ $labels.pipeline }} on {{ $labels.pod }} receives but does not send events.',
        description: 'Pipeline {{ $labels.pipeline }} of Logstash pod {{ $labels.namespace }}/{{ $labels.pod }} accepts events but has emitted none for 10 minutes: the output (Elasticsearch) is failing.',
        runbook: {
          meaning: 'The output is blocked, usually because Elasticsearch rejects writes (red cluster, read-only indices, bad credentials).',
          check: ['Logstash logs for output errors (401, 403 cluster_block_exception, 429).', 'ElasticsearchClusterRed / ElasticsearchDiskSpaceCritical alerts.'],
          mitigate: ['Fix Elasticsearch or the credentials; Logstash retries and drains its queue.'],
        },
        fires: { series: [lsSeries('logstash_stats_pipeline_events_in', '0+100x30'), lsSeries('logstash_stats_pipeline_events_out', '500x30')], at: '25m', labels: lsLabels },
        silent: { series: [lsSeries('logstash_stats_pipeline_events_in', '0+100x30'), lsSeries('logstash_stats_pipeline_events_out', '0+100x30')], at: '25m' },
      },
      {
        alert: 'LogstashDeadLetterQueueGrowing',
        expr: `logstash_stats_pipeline_dead_letter_queue_size_in_bytes{${ls}} > ${t.logstashDlqBytes} and deriv(logstash_stats_pipeline_dead_letter_queue_size_in_bytes{${ls}}[30m]) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Logstash dead letter queue of {{ $labels.pipeline }} on {{ $labels.pod }} is growing.',
        description: `The dead letter queue of pipeline {{ $labels.pipeline }} on {{ $labels.namespace }}/{{ $labels.pod }} holds more than ${t.logstashDlqBytes} bytes and keeps growing: events are rejected by Elasticsearch (mapping conflicts, 400 errors).`,
        runbook: {
          meaning: 'Elasticsearch rejects some documents (mapping conflicts); they land in the DLQ instead of being indexed.',
          check: ['Read the DLQ entries (dead_letter_queue input plugin or the files under the DLQ path) for the rejection reason.'],
          mitigate: ['Fix the mapping or the parsing that produces conflicting field types; replay the DLQ with a dead_letter_queue pipeline, then clear it.'],
        },
        fires: { series: [lsSeries('logstash_stats_pipeline_dead_letter_queue_size_in_bytes', `${t.logstashDlqBytes}+1000000x60`)], at: '50m', labels: lsLabels },
        silent: { series: [lsSeries('logstash_stats_pipeline_dead_letter_queue_size_in_bytes', `${t.logstashDlqBytes * 2}x60`)], at: '50m' },
      },
      {
        alert: 'LogstashElasticsearchDocumentsRejected',
        expr: `sum by (namespace, pod, pipeline) (increase(logstash_stats_pipeline_plugin_documents_non_retryable_failures{${ls}, plugin_id="${PLUGIN_IDS.elasticsearch}"}[15m])) > 0`,
        severity: 'warning',
        summary: 'Elasticsearch rejects documents from Logstash pipeline {{ $labels.pipeline }} on {{ $labels.pod }}.',
        description: 'The Elasticsearch output of pipeline {{ $labels.pipeline }} on {{ $labels.namespace }}/{{ $labels.pod }} had documents fail with non-retryable errors in the last 15 minutes; they went to the dead letter queue or were dropped.',
        runbook: {
          meaning: 'Elasticsearch answered 400/404 for some documents (mapping conflicts, invalid field values, missing data stream template): Logstash does not retry them.',
          check: [
            '`kubectl -n logging logs <pod> | grep -i "Could not index event"` shows the rejection reason.',
            'Which service sends them: the DLQ entries carry the original event (see LogstashDeadLetterQueueGrowing).',
          ],
          mitigate: ['Fix the mapping or the producing service\'s log fields (conflicting types); replay the DLQ once fixed.'],
        },
        fires: { series: [lsSeries('logstash_stats_pipeline_plugin_documents_non_retryable_failures', '0 0 0 0 0 3 3 3 3 3 3', `, plugin_id="${PLUGIN_IDS.elasticsearch}"`)], at: '10m', labels: { namespace: 'logging', pod: 'logging-ls-0', pipeline: 'main' } },
        silent: { series: [lsSeries('logstash_stats_pipeline_plugin_documents_non_retryable_failures', '3x10', `, plugin_id="${PLUGIN_IDS.elasticsearch}"`)], at: '10m' },
      },
      {
        alert: 'FilebeatOutputErrors',
        expr: `sum by (namespace, pod) (rate(${FB.outputWriteErrors.name}{${fb}}[5m]) + rate(${FB.outputFailed.name}{${fb}}[5m])) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Filebeat {{ $labels.namespace }}/{{ $labels.pod }} fails to ship logs.',
        description: 'Filebeat pod {{ $labels.namespace }}/{{ $labels.pod }} has had output write errors or failed events for 15 minutes; logs of its node are delayed.',
        runbook: {
          meaning: 'Filebeat cannot deliver to Logstash (port 5044): network policy, TLS or Logstash backpressure. Failed events are retried, so nothing is lost yet.',
          check: [
            '`kubectl -n node-collectors logs <pod> -c filebeat | grep -i -e error -e "connection"`.',
            'Is `logging-ls-beats` reachable from node-collectors (NetworkPolicy)? Is Logstash healthy (LogstashPipelineDown, LogstashPipelineEventsStalled)?',
            'The log-pipeline dashboard: output errors and failed events per pod.',
          ],
          mitigate: ['Fix Logstash or the network path; Filebeat retries and resumes from its registry, so no logs are lost while files still exist on the node.'],
        },
        fires: {
          series: [fbSeries(FB.outputWriteErrors.name, '0+5x30'), fbSeries(FB.outputFailed.name, '0+5x30')],
          at: '25m',
          labels: fbLabels,
        },
        silent: {
          // Errors long ago (a counter that no longer moves) and a steady stream of acked events: healthy now.
          series: [fbSeries(FB.outputWriteErrors.name, '7x30'), fbSeries(FB.outputFailed.name, '12x30'), fbSeries(FB.outputAcked.name, '0+100x30')],
          at: '25m',
        },
      },
      {
        alert: 'FilebeatEventsDropped',
        expr: `sum by (namespace, pod) (rate(${FB.outputDropped.name}{${fb}}[5m]) + rate(${FB.pipelineDropped.name}{${fb}}[5m])) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Filebeat {{ $labels.namespace }}/{{ $labels.pod }} drops events.',
        description: 'Filebeat pod {{ $labels.namespace }}/{{ $labels.pod }} has been dropping events for 15 minutes; those log lines are lost.',
        runbook: {
          meaning: 'Events are dropped by the output after failed retries or a permanent rejection, or by the publishing pipeline (a processor or a full queue with `drop` semantics): those lines never reach Elasticsearch.',
          check: ['`kubectl -n node-collectors logs <pod> -c filebeat | grep -i "dropping event"` and the reason.', 'The log-pipeline dashboard: dropped events per pod, output vs pipeline.'],
          mitigate: ['Fix the output (see FilebeatOutputErrors); raise `max_retries`/queue size if Logstash is briefly overloaded.'],
        },
        fires: { series: [fbSeries(FB.outputDropped.name, '0+5x30'), fbSeries(FB.pipelineDropped.name, '0x30')], at: '25m', labels: fbLabels },
        silent: { series: [fbSeries(FB.outputDropped.name, '3x30'), fbSeries(FB.pipelineDropped.name, '0x30')], at: '25m' },
      },
      {
        alert: 'FilebeatNotShipping',
        expr: `(sum by (namespace, pod) (rate(${FB.eventsAdded.name}{${fb}}[10m])) > 0) and (sum by (namespace, pod) (rate(${FB.outputAcked.name}{${fb}}[10m])) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'Filebeat {{ $labels.namespace }}/{{ $labels.pod }} reads logs but Logstash acknowledges none.',
        description: 'Filebeat pod {{ $labels.namespace }}/{{ $labels.pod }} keeps reading log lines, but the output has acknowledged no event for 15 minutes; logs of its node are not reaching Elasticsearch.',
        runbook: {
          meaning: 'The output is stuck without reporting errors (Logstash applies back pressure, a connection hangs): Filebeat holds the events and stops advancing its registry. Once the node rotates the files away, the lines are lost.',
          check: [
            'Logstash: LogstashPipelineEventsStalled, the persistent queue on the log-pipeline dashboard (a full queue blocks the Beats input).',
            '`kubectl -n node-collectors logs <pod> -c filebeat` for publish or connection messages.',
          ],
          mitigate: ['Unblock Logstash (usually Elasticsearch rejecting writes); restart the Filebeat pod if only it is stuck (it resumes from its registry).'],
        },
        fires: { series: [fbSeries(FB.eventsAdded.name, '0+200x40'), fbSeries(FB.outputAcked.name, '5000x40')], at: '30m', labels: fbLabels },
        silent: { series: [fbSeries(FB.eventsAdded.name, '0+200x40'), fbSeries(FB.outputAcked.name, '0+200x40')], at: '30m' },
      },
    ],
  };
}

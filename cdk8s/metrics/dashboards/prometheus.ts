/** Prometheus self-health: targets, ingestion, series, rule evaluation, storage, notifications and remote write. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function prometheusDashboard(q: QuerySelectors): DashboardFile {
  const p = matchers(q.prometheus);
  const model = dashboard('platform-prometheus', 'Prometheus', ['prometheus'])
    .withPanel(stat('Replicas up', { expr: `sum(up${p})` }, { unit: 'none' }))
    .withPanel(stat('Targets down', { expr: 'count(up == 0) or vector(0)' }, { unit: 'none' }))
    .withPanel(stat('Head series', { expr: `max(prometheus_tsdb_head_series${p})` }, { unit: 'short' }))
    .withPanel(stat('Config reload ok', { expr: `min(prometheus_config_last_reload_successful${p})` }, { unit: 'bool' }))
    .withPanel(timeseries('Samples ingested', [{ expr: `rate(prometheus_tsdb_head_samples_appended_total${p}[5m])`, legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(timeseries('Head series', [{ expr: `prometheus_tsdb_head_series${p}`, legend: '{{pod}}' }], { unit: 'short' }))
    .withPanel(
      timeseries('Scrape duration by job (p99 over targets)', [{ expr: 'max by (job) (scrape_duration_seconds)', legend: '{{job}}' }], { unit: 's' }),
    )
    .withPanel(
      timeseries(
        'Rule group evaluation vs interval',
        [{ expr: `max by (rule_group) (prometheus_rule_group_last_duration_seconds${p} / prometheus_rule_group_interval_seconds${p})`, legend: '{{rule_group}}' }],
        { unit: 'percentunit' },
      ),
    )
    .withPanel(
      timeseries(
        'Storage',
        [
          { expr: `prometheus_tsdb_storage_blocks_bytes${p}`, legend: '{{pod}} blocks' },
          { expr: `prometheus_tsdb_wal_storage_size_bytes${p}`, legend: '{{pod}} WAL' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeseries(
        'Alert notifications failed',
        [{ expr: `rate(prometheus_notifications_errors_total${p}[5m])`, legend: '{{pod}} {{alertmanager}}' }],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Remote write: pending samples',
        [{ expr: `prometheus_remote_storage_samples_pending${p}`, legend: '{{pod}} {{url}}' }],
        { unit: 'short', span: 24, description: 'Empty when remote write is not configured.' },
      ),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

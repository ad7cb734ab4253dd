/** Alertmanager / Overview: alerts held and received, notifications sent and failed, and their latency, by integration. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function alertmanagerDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.alertmanager;
  const am = matchers(q.alertmanager);
  const rate = (counter: string, by: string) => `sum by (${by}) (rate(${counter}${am}[$__rate_interval]))`;
  const builder = dashboard(uid, title, ['alertmanager-mixin', 'alerting'])
    .withVariable(datasourceVariable())
    .withPanel(stat('Replicas up', { expr: `sum(up${am})` }, { unit: 'none' }))
    .withPanel(stat('Cluster members (min)', { expr: `min(alertmanager_cluster_members${am})` }, { unit: 'none' }))
    .withPanel(stat('Config reload ok', { expr: `min(alertmanager_config_last_reload_successful${am})` }, { unit: 'bool' }))
    .withPanel(stat('Active alerts', { expr: `max(alertmanager_alerts${matchers(q.alertmanager, 'state="active"')})` }, { unit: 'none' }))
    .withPanel(timeseries('Alerts by state', [{ expr: `max by (state) (alertmanager_alerts${am})`, legend: '{{state}}' }], { unit: 'none' }))
    .withPanel(
      timeseries(
        'Alerts received',
        [
          { expr: rate('alertmanager_alerts_received_total', 'status'), legend: '{{status}}' },
          { expr: `sum(rate(alertmanager_alerts_invalid_total${am}[$__rate_interval]))`, legend: 'invalid' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Notifications by integration',
        [
          { expr: rate('alertmanager_notifications_total', 'integration'), legend: '{{integration}} sent' },
          { expr: rate('alertmanager_notifications_failed_total', 'integration'), legend: '{{integration}} failed' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Notification latency (mean)',
        [{ expr: `${rate('alertmanager_notification_latency_seconds_sum', 'integration')} / ${rate('alertmanager_notification_latency_seconds_count', 'integration')}`, legend: '{{integration}}' }],
        // Alertmanager's buckets are not remote-written (remote-write.ts), so a quantile would be empty over long ranges
        { unit: 's' },
      ),
    );
  return buildWithDatasourceVariable(builder);
}

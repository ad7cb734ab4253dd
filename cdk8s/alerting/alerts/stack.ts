/** The monitoring stack itself: Prometheus, Alertmanager, prometheus-operator and scrape targets. */
import type { AlertContext, RuleGroup, TestSeries } from './types.js';

export function stackRules(ctx: AlertContext): RuleGroup {
  const { prometheus: prom, alertmanager: am, prometheusOperator: op } = ctx.selectors;
  const p = (metric: string, values: string, extra = ''): TestSeries => ({
    series: `${metric}{${prom}, namespace="monitoring", pod="prometheus-platform-0"${extra}}`,
    values,
  });
  const a = (metric: string, pod: string, values: string, extra = ''): TestSeries => ({
    series: `${metric}{${am}, namespace="monitoring", pod="${pod}"${extra}}`,
    values,
  });
  const promLabels = { namespace: 'monitoring', pod: 'prometheus-platform-0', job: 'prometheus' };
  const amLabels = { namespace: 'monitoring', pod: 'alertmanager-main-0', job: 'alertmanager' };
  return {
    name: 'monitoring-stack',
    alerts: [
      {
        alert: 'PrometheusBadConfig',
        expr: `max_over_time(prometheus_config_last_reload_successful{${prom}}[5m]) == 0`,
        for: '10m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} failed to reload its configuration.',
        description: 'The last configuration reload of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} failed; it keeps running the previous configuration and ignores new targets and rules.',
        runbook: {
          meaning: 'A generated configuration (ServiceMonitors, PrometheusRules, scrape config) was rejected by Prometheus.',
          check: ['`kubectl -n monitoring logs <pod> -c prometheus | grep -i "error loading config"`.', 'The prometheus-operator logs name the offending object.'],
          mitigate: ['Revert or fix the object that broke the configuration (usually a recent ServiceMonitor or rule change) and re-apply.'],
        },
        fires: { series: [p('prometheus_config_last_reload_successful', '0x30')], at: '20m', labels: promLabels },
        silent: { series: [p('prometheus_config_last_reload_successful', '1x30')], at: '20m' },
      },
      {
        alert: 'PrometheusRuleFailures',
        expr: `increase(prometheus_rule_evaluation_failures_total{${prom}}[5m]) > 0`,
        for: '15m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to evaluate rules.',
        description: 'Rule group {{ $labels.rule_group }} of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to evaluate; its alerts cannot fire.',
        runbook: {
          meaning: 'Rule evaluation errors mean some alerts are blind (e.g. many-to-many matching, query timeouts).',
          check: ['Prometheus UI → Rules: the failing group shows the error.', '`kubectl -n monitoring logs <pod> -c prometheus | grep "rule evaluation failed"`.'],
          mitigate: ['Fix the expression in cdk8s/alerting/alerts and add a unit test for the input that broke it.'],
        },
        fires: { series: [p('prometheus_rule_evaluation_failures_total', '0+1x30', ', rule_group="/etc/rules/a.yaml;kubernetes"')], at: '25m', labels: { ...promLabels, rule_group: '/etc/rules/a.yaml;kubernetes' } },
        silent: { series: [p('prometheus_rule_evaluation_failures_total', '0x30', ', rule_group="/etc/rules/a.yaml;kubernetes"')], at: '25m' },
      },
      {
        alert: 'PrometheusMissingRuleEvaluations',
        expr: `increase(prometheus_rule_group_iterations_missed_total{${prom}}[5m]) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} misses rule evaluations.',
        description: 'Rule group {{ $labels.rule_group }} of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} takes longer than its interval, so evaluations are skipped.',
        runbook: {
          meaning: 'A rule group is too slow; alerts are evaluated less often than configured.',
          check: ['Prometheus UI → Rules shows the evaluation time of each group.'],
          mitigate: ['Move expensive expressions into recording rules, split the group, or give Prometheus more CPU.'],
        },
        fires: { series: [p('prometheus_rule_group_iterations_missed_total', '0+1x30', ', rule_group="g"')], at: '25m', labels: { ...promLabels, rule_group: 'g' } },
        silent: { series: [p('prometheus_rule_group_iterations_missed_total', '0x30', ', rule_group="g"')], at: '25m' },
      },
      {
        alert: 'PrometheusNotificationQueueRunningFull',
        expr: `(predict_linear(prometheus_notifications_queue_length{${prom}}[5m], 60 * 30) > min_over_time(prometheus_notifications_queue_capacity{${prom}}[5m]))`,
        for: '15m',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} alert queue will be full within 30 minutes.',
        description: 'The alert notification queue of Prometheus {{ $labels.namespace }}/{{ $labels.pod }} grows and will overflow; alerts will be dropped.',
        runbook: {
          meaning: 'Prometheus produces alerts faster than it can send them to Alertmanager.',
          check: ['Alertmanager availability and latency (`alertmanager_http_request_duration_seconds`); the number of firing alerts.'],
          mitigate: ['Fix Alertmanager reachability; reduce an alert storm (a rule firing per pod/series).'],
        },
        fires: {
          series: [p('prometheus_notifications_queue_length', '0+300x40'), p('prometheus_notifications_queue_capacity', '10000x40')],
          at: '30m',
          labels: promLabels,
        },
        silent: {
          series: [p('prometheus_notifications_queue_length', '0x40'), p('prometheus_notifications_queue_capacity', '10000x40')],
          at: '30m',
        },
      },
      {
        alert: 'PrometheusErrorSendingAlertsToAnyAlertmanager',
        expr: `min without (alertmanager) (rate(prometheus_notifications_errors_total{${prom}, alertmanager!~""}[5m]) / rate(prometheus_notifications_sent_total{${prom}, alertmanager!~""}[5m])) * 100 > 3`,
        for: '15m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} cannot send alerts to any Alertmanager.',
        description: 'More than 3% of alerts sent from Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fail on every Alertmanager; notifications are being lost.',
        runbook: {
          meaning: 'No Alertmanager accepts alerts: nobody gets paged for anything.',
          check: ['`kubectl -n monitoring get pods -l app.kubernetes.io/name=alertmanager`.', 'NetworkPolicies between Prometheus and Alertmanager (port 9093).', 'Prometheus logs: "Error sending alert".'],
          mitigate: ['Restore Alertmanager (see AlertmanagerClusterDown) or the network path; this alert itself is only visible via the dead-man switch if Alertmanager is down.'],
        },
        fires: {
          series: [
            p('prometheus_notifications_errors_total', '0+10x30', ', alertmanager="http://10.0.0.1:9093/api/v2/alerts"'),
            p('prometheus_notifications_sent_total', '0+10x30', ', alertmanager="http://10.0.0.1:9093/api/v2/alerts"'),
          ],
          at: '25m',
          labels: promLabels,
        },
        silent: {
          series: [
            p('prometheus_notifications_errors_total', '0x30', ', alertmanager="http://10.0.0.1:9093/api/v2/alerts"'),
            p('prometheus_notifications_sent_total', '0+10x30', ', alertmanager="http://10.0.0.1:9093/api/v2/alerts"'),
          ],
          at: '25m',
        },
      },
      {
        alert: 'PrometheusNotConnectedToAlertmanagers',
        expr: `max_over_time(prometheus_notifications_alertmanagers_discovered{${prom}}[5m]) < 1`,
        for: '10m',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has no Alertmanager.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has not discovered any Alertmanager for 10 minutes.',
        runbook: {
          meaning: 'Alerts are evaluated but go nowhere.',
          check: ['Prometheus UI → Status → Runtime: Alertmanagers; the `alertmanager` Service endpoints in monitoring.'],
          mitigate: ['Fix the Alertmanager Service/endpoints or the Prometheus CR `alerting` section.'],
        },
        fires: { series: [p('prometheus_notifications_alertmanagers_discovered', '0x30')], at: '20m', labels: promLabels },
        silent: { series: [p('prometheus_notifications_alertmanagers_discovered', '3x30')], at: '20m' },
      },
      {
        alert: 'PrometheusTSDBReloadsFailing',
        expr: `increase(prometheus_tsdb_reloads_failures_total{${prom}}[3h]) > 0`,
        for: '4h',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to reload TSDB blocks.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has failed to reload blocks from disk repeatedly over the last 3 hours.',
        runbook: {
          meaning: 'The TSDB cannot load blocks, often because of disk corruption or a full disk.',
          check: ['Prometheus logs for "reloadBlocks"; volume free space (KubePersistentVolumeFillingUp).'],
          mitigate: ['Free space; move corrupted block directories aside and restart the pod.'],
        },
        fires: { series: [p('prometheus_tsdb_reloads_failures_total', '0+1x250')], at: '4h5m', labels: promLabels },
        silent: { series: [p('prometheus_tsdb_reloads_failures_total', '0x250')], at: '4h5m' },
      },
      {
        alert: 'PrometheusTSDBCompactionsFailing',
        expr: `increase(prometheus_tsdb_compactions_failed_total{${prom}}[3h]) > 0`,
        for: '4h',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to compact TSDB blocks.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has failed compactions over the last 3 hours; disk use and memory grow.',
        runbook: {
          meaning: 'Compaction errors let the head block and WAL grow until Prometheus runs out of memory or disk.',
          check: ['Prometheus logs for "compaction failed"; free space on its volume.'],
          mitigate: ['Free or expand the volume; remove the overlapping/corrupted block reported in the log and restart.'],
        },
        fires: { series: [p('prometheus_tsdb_compactions_failed_total', '0+1x250')], at: '4h5m', labels: promLabels },
        silent: { series: [p('prometheus_tsdb_compactions_failed_total', '0x250')], at: '4h5m' },
      },
      {
        alert: 'PrometheusNotIngestingSamples',
        expr: `(sum without (type) (rate(prometheus_tsdb_head_samples_appended_total{${prom}}[5m])) <= 0 and (sum without (scrape_job) (prometheus_target_metadata_cache_entries{${prom}}) > 0 or sum without (rule_group) (prometheus_rule_group_rules{${prom}}) > 0))`,
        for: '10m',
        severity: 'warning',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} is not ingesting samples.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has targets or rules but appended no samples for 10 minutes.',
        runbook: {
          meaning: 'Nothing is written to the TSDB: dashboards and alerts go stale.',
          check: ['Prometheus UI → Targets; logs for TSDB or out-of-disk errors.'],
          mitigate: ['Fix the storage problem or the scraping (NetworkPolicies), restart the pod if the TSDB is wedged.'],
        },
        fires: {
          series: [p('prometheus_tsdb_head_samples_appended_total', '100x30', ', type="float"'), p('prometheus_rule_group_rules', '10x30', ', rule_group="g"')],
          at: '25m',
          labels: promLabels,
        },
        silent: {
          series: [p('prometheus_tsdb_head_samples_appended_total', '0+100x30', ', type="float"'), p('prometheus_rule_group_rules', '10x30', ', rule_group="g"')],
          at: '25m',
        },
      },
      {
        alert: 'PrometheusTargetSyncFailure',
        expr: `increase(prometheus_target_sync_failed_total{${prom}}[30m]) > 0`,
        for: '5m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} cannot sync targets of {{ $labels.scrape_job }}.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} failed to create or update targets of scrape job {{ $labels.scrape_job }} (usually an invalid relabel or TLS config).',
        runbook: {
          meaning: 'Targets of one scrape job are not scraped because their configuration cannot be applied.',
          check: ['Prometheus logs for the scrape job name.'],
          mitigate: ['Fix the ServiceMonitor/PodMonitor behind the job.'],
        },
        fires: { series: [p('prometheus_target_sync_failed_total', '0+1x20', ', scrape_job="serviceMonitor/shop/checkout/0"')], at: '10m', labels: { ...promLabels, scrape_job: 'serviceMonitor/shop/checkout/0' } },
        silent: { series: [p('prometheus_target_sync_failed_total', '0x20', ', scrape_job="serviceMonitor/shop/checkout/0"')], at: '10m' },
      },
      {
        alert: 'TargetDown',
        expr: `100 * (count by (job, namespace, service) (up == 0) / count by (job, namespace, service) (up)) > 10`,
        for: '10m',
        severity: 'warning',
        summary: 'Targets of {{ $labels.job }} in {{ $labels.namespace }} are down.',
        description: 'More than 10% of the targets of job {{ $labels.job }} (service {{ $labels.service }}) in {{ $labels.namespace }} could not be scraped for 10 minutes.',
        runbook: {
          meaning: 'Prometheus cannot scrape some targets; their metrics and alerts are blind.',
          check: ['Prometheus UI → Targets shows the scrape error (connection refused, timeout, 401/403).', 'NetworkPolicies: does the target allow ingress from Prometheus pods on its metrics port?'],
          mitigate: ['Fix the target (pod down, wrong port name) or the policy that blocks the scrape.'],
        },
        fires: {
          series: [
            { series: 'up{job="checkout", namespace="shop", service="checkout", instance="10.0.0.1:8080"}', values: '0x30' },
            { series: 'up{job="checkout", namespace="shop", service="checkout", instance="10.0.0.2:8080"}', values: '1x30' },
          ],
          at: '20m',
          labels: { job: 'checkout', namespace: 'shop', service: 'checkout' },
        },
        silent: {
          series: [
            { series: 'up{job="checkout", namespace="shop", service="checkout", instance="10.0.0.1:8080"}', values: '1x30' },
            { series: 'up{job="checkout", namespace="shop", service="checkout", instance="10.0.0.2:8080"}', values: '1x30' },
          ],
          at: '20m',
        },
      },
      {
        alert: 'AlertmanagerFailedReload',
        expr: `max_over_time(alertmanager_config_last_reload_successful{${am}}[5m]) == 0`,
        for: '10m',
        severity: 'critical',
        summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} failed to reload its configuration.',
        description: 'The configuration reload of Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} failed; it keeps the previous routing and receivers.',
        runbook: {
          meaning: 'A new alertmanager.yaml was rejected; routing changes are not in effect.',
          check: ['`kubectl -n monitoring logs <pod> -c alertmanager | grep -i "loading configuration"`.', 'Run the routing tests: `npx vitest run test/alerting`.'],
          mitigate: ['Fix the config in config/environments/<env>.yaml (amtool check-config runs in the tests) and re-apply; check that the receiver Secret has every key.'],
        },
        fires: { series: [a('alertmanager_config_last_reload_successful', 'alertmanager-main-0', '0x30')], at: '20m', labels: amLabels },
        silent: { series: [a('alertmanager_config_last_reload_successful', 'alertmanager-main-0', '1x30')], at: '20m' },
      },
      {
        alert: 'AlertmanagerMembersInconsistent',
        expr: `max_over_time(alertmanager_cluster_members{${am}}[5m]) < on (namespace) group_left () count by (namespace) (max_over_time(alertmanager_cluster_enabled{${am}}[5m]) == 1)`,
        for: '15m',
        severity: 'critical',
        summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} does not see all cluster members.',
        description: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} sees fewer cluster peers than there are replicas; notifications may be duplicated and silences not shared.',
        runbook: {
          meaning: 'The gossip mesh (port 9094 TCP+UDP) is split.',
          check: ['Alertmanager UI → Status → Cluster on each pod.', 'NetworkPolicy `alertmanager-mesh` allows 9094 TCP and UDP between the pods.'],
          mitigate: ['Restore mesh connectivity; restart the isolated pod.'],
        },
        fires: {
          series: [
            a('alertmanager_cluster_members', 'alertmanager-main-0', '1x30'),
            a('alertmanager_cluster_enabled', 'alertmanager-main-0', '1x30'),
            a('alertmanager_cluster_members', 'alertmanager-main-1', '2x30'),
            a('alertmanager_cluster_enabled', 'alertmanager-main-1', '1x30'),
          ],
          at: '25m',
          labels: amLabels,
        },
        silent: {
          series: [
            a('alertmanager_cluster_members', 'alertmanager-main-0', '2x30'),
            a('alertmanager_cluster_enabled', 'alertmanager-main-0', '1x30'),
            a('alertmanager_cluster_members', 'alertmanager-main-1', '2x30'),
            a('alertmanager_cluster_enabled', 'alertmanager-main-1', '1x30'),
          ],
          at: '25m',
        },
      },
      {
        alert: 'AlertmanagerFailedToSendAlerts',
        expr: `(rate(alertmanager_notifications_failed_total{${am}}[5m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{${am}}[5m])) > 0.01`,
        for: '5m',
        severity: 'warning',
        summary: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} fails to send notifications to {{ $labels.integration }}.',
        description: 'More than 1% of notifications from Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} to {{ $labels.integration }} failed over 5 minutes.',
        runbook: {
          meaning: 'A receiver integration (PagerDuty, Slack, email, webhook) rejects or cannot be reached.',
          check: ['Alertmanager logs: "Notify for alerts failed" names the receiver and the error.', 'Is the credential in the `alertmanager-receivers` secret valid (ExternalSecret status)?', 'Egress NetworkPolicy: 443 and the SMTP port.'],
          mitigate: ['Rotate the credential in AWS Secrets Manager; fix the egress path. Alertmanager retries automatically.'],
        },
        fires: {
          series: [
            a('alertmanager_notifications_failed_total', 'alertmanager-main-0', '0+5x20', ', integration="slack", reason="other"'),
            a('alertmanager_notifications_total', 'alertmanager-main-0', '0+10x20', ', integration="slack"'),
          ],
          at: '15m',
          labels: { ...amLabels, integration: 'slack', reason: 'other' },
        },
        silent: {
          series: [
            a('alertmanager_notifications_failed_total', 'alertmanager-main-0', '0x20', ', integration="slack", reason="other"'),
            a('alertmanager_notifications_total', 'alertmanager-main-0', '0+10x20', ', integration="slack"'),
          ],
          at: '15m',
        },
      },
      {
        alert: 'AlertmanagerClusterFailedToSendAlerts',
        expr: `min by (namespace, integration) (rate(alertmanager_notifications_failed_total{${am}, integration=~"pagerduty|webhook"}[5m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{${am}, integration=~"pagerduty|webhook"}[5m])) > 0.01`,
        for: '5m',
        severity: 'critical',
        summary: 'Every Alertmanager fails to send to {{ $labels.integration }}.',
        description: 'All Alertmanager replicas in {{ $labels.namespace }} fail to send more than 1% of notifications to {{ $labels.integration }}: pages or the heartbeat are not delivered.',
        runbook: {
          meaning: 'The paging or heartbeat integration is broken on the whole cluster, not one replica.',
          check: ['Alertmanager logs on every pod; PagerDuty service status; the routing key in the `alertmanager-receivers` secret.'],
          mitigate: ['Fix the credential or egress; meanwhile watch Alertmanager\'s UI and the chat channel by hand.'],
        },
        fires: {
          series: [
            a('alertmanager_notifications_failed_total', 'alertmanager-main-0', '0+5x20', ', integration="pagerduty", reason="other"'),
            a('alertmanager_notifications_total', 'alertmanager-main-0', '0+10x20', ', integration="pagerduty"'),
          ],
          at: '15m',
          labels: { namespace: 'monitoring', integration: 'pagerduty' },
        },
        silent: {
          series: [
            a('alertmanager_notifications_failed_total', 'alertmanager-main-0', '0x20', ', integration="pagerduty", reason="other"'),
            a('alertmanager_notifications_total', 'alertmanager-main-0', '0+10x20', ', integration="pagerduty"'),
          ],
          at: '15m',
        },
      },
      {
        alert: 'AlertmanagerClusterDown',
        expr: `(count by (namespace) (avg_over_time(up{${am}}[5m]) < 0.5) / count by (namespace) (up{${am}})) >= 0.5`,
        for: '5m',
        severity: 'critical',
        summary: 'Half or more of the Alertmanagers in {{ $labels.namespace }} are down.',
        description: 'At least half of the Alertmanager replicas in {{ $labels.namespace }} have been unreachable for most of the last 5 minutes.',
        runbook: {
          meaning: 'The Alertmanager cluster lost quorum-like capacity; notifications may stop. (This alert may itself not be delivered: the heartbeat receiver catches that.)',
          check: ['`kubectl -n monitoring get pods -l app.kubernetes.io/name=alertmanager -o wide`, the StatefulSet events and PVCs.'],
          mitigate: ['Restore the pods (node capacity, volume zone); the PodDisruptionBudget keeps voluntary evictions from causing this.'],
        },
        fires: {
          series: [
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-0"}`, values: '0x20' },
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-1"}`, values: '0x20' },
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-2"}`, values: '1x20' },
          ],
          at: '15m',
          labels: { namespace: 'monitoring' },
        },
        silent: {
          series: [
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-0"}`, values: '1x20' },
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-1"}`, values: '0x20' },
            { series: `up{${am}, namespace="monitoring", pod="alertmanager-main-2"}`, values: '1x20' },
          ],
          at: '15m',
        },
      },
      {
        alert: 'PrometheusOperatorReconcileErrors',
        expr: `(sum by (namespace, controller) (rate(prometheus_operator_reconcile_errors_total{${op}}[5m]))) / (sum by (namespace, controller) (rate(prometheus_operator_reconcile_operations_total{${op}}[5m]))) > 0.1`,
        for: '10m',
        severity: 'warning',
        summary: 'prometheus-operator fails to reconcile {{ $labels.controller }} objects.',
        description: 'More than 10% of reconciliations of the {{ $labels.controller }} controller in {{ $labels.namespace }} failed over 5 minutes; changes to Prometheus/Alertmanager are not applied.',
        runbook: {
          meaning: 'The operator cannot apply Prometheus, Alertmanager or rule changes.',
          check: ['`kubectl -n prometheus-operator logs deploy/prometheus-operator-kube-p-operator` (the kube-prometheus-stack Deployment name) for the failing object.'],
          mitigate: ['Fix the invalid object (often a config Secret the CR references that is missing a key).'],
        },
        fires: {
          series: [
            { series: `prometheus_operator_reconcile_errors_total{${op}, namespace="monitoring", controller="alertmanager"}`, values: '0+5x30' },
            { series: `prometheus_operator_reconcile_operations_total{${op}, namespace="monitoring", controller="alertmanager"}`, values: '0+10x30' },
          ],
          at: '25m',
          labels: { namespace: 'monitoring', controller: 'alertmanager' },
        },
        silent: {
          series: [
            { series: `prometheus_operator_reconcile_errors_total{${op}, namespace="monitoring", controller="alertmanager"}`, values: '0x30' },
            { series: `prometheus_operator_reconcile_operations_total{${op}, namespace="monitoring", controller="alertmanager"}`, values: '0+10x30' },
          ],
          at: '25m',
        },
      },
      {
        alert: 'PrometheusOperatorSyncFailed',
        expr: `min_over_time(prometheus_operator_syncs{${op}, status="failed"}[5m]) > 0`,
        for: '10m',
        severity: 'warning',
        summary: 'prometheus-operator {{ $labels.controller }} has objects it cannot sync.',
        description: 'Controller {{ $labels.controller }} in {{ $labels.namespace }} has had objects in a failed state for 10 minutes.',
        runbook: {
          meaning: 'Some Prometheus/Alertmanager objects are not reconciled.',
          check: ['`kubectl get prometheus,alertmanager -A` (status conditions) and the operator logs.'],
          mitigate: ['Fix the object reported as failed.'],
        },
        fires: {
          series: [{ series: `prometheus_operator_syncs{${op}, namespace="monitoring", controller="prometheus", status="failed"}`, values: '1x30' }],
          at: '20m',
          labels: { namespace: 'monitoring', controller: 'prometheus', status: 'failed', job: 'prometheus-operator' },
        },
        silent: {
          series: [{ series: `prometheus_operator_syncs{${op}, namespace="monitoring", controller="prometheus", status="failed"}`, values: '0x30' }],
          at: '20m',
        },
      },
    ],
  };
}

/**
 * More self-monitoring of the stack, under kube-prometheus's names: Prometheus (discovery, ingestion, limits, query
 * load; remote write is in remote-write.ts), prometheus-operator and its config reloaders, Alertmanager's cluster, and the apps/resources
 * alerts of kubernetes-mixin not covered elsewhere (generation mismatches, PodDisruptionBudgets, quota overcommit).
 */
import { SCRAPE_JOBS } from '../../../contracts/scrape-jobs.js';
import { labelsOf, type Series, simpleAlert } from './builder.js';
import type { AlertContext, AlertDefinition, RuleGroup, Runbook } from './types.js';

const runbook = (meaning: string, check: string, mitigate: string): Runbook => ({ meaning, check: [check], mitigate: [mitigate] });

export function stackHealthRules(ctx: AlertContext): RuleGroup {
  const { prometheus: prom, prometheusOperator: op, alertmanager: am, kubeStateMetrics: ksm } = ctx.selectors;
  const promLabels = { ...SCRAPE_JOBS.prometheus, namespace: 'monitoring', pod: 'prometheus-platform-0' };
  const pl = labelsOf(promLabels);
  const opLabels = { ...SCRAPE_JOBS.prometheusOperator, namespace: 'prometheus-operator', controller: 'prometheus' };
  const ol = labelsOf(opLabels);
  const amLabels = { ...SCRAPE_JOBS.alertmanager, namespace: 'monitoring', service: 'alertmanager' };
  const promLogs = 'The Prometheus logs: `kubectl -n monitoring logs prometheus-platform-0 -c prometheus`.';

  /** `increase(<metric>[window]) > 0` for `for`: a Prometheus counter of failures that must stay flat. */
  const promCounter = (alert: string, metric: string, window: string, forDuration: string, severity: 'warning' | 'critical', summary: string, meaning: string, mitigate: string): AlertDefinition =>
    simpleAlert({
      alert,
      expr: `increase(${metric}{${prom}}[${window}]) > 0`,
      for: forDuration,
      severity,
      summary,
      description: `Prometheus {{ $labels.namespace }}/{{ $labels.pod }}: ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`,
      runbook: runbook(meaning, promLogs, mitigate),
      at: forDuration === '20m' ? '40m' : '30m',
      fires: [[`${metric}{${pl}}`, '0+1x45']],
      labels: promLabels,
      silent: [[`${metric}{${pl}}`, '3x45']],
    });

  /** The operator's failed/total ratio of one operation kind. */
  const opRatio = (alert: string, failed: string, total: string, window: string, threshold: number, summary: string, meaning: string): AlertDefinition =>
    simpleAlert({
      alert,
      expr: `(sum by (cluster, controller, namespace) (rate(${failed}{${op}}[${window}])) / sum by (cluster, controller, namespace) (rate(${total}{${op}}[${window}]))) > ${threshold}`,
      for: '15m',
      severity: 'warning',
      summary,
      description: `${summary} (controller {{ $labels.controller }} in {{ $labels.namespace }}).`,
      runbook: runbook(meaning, 'The operator logs: `kubectl -n prometheus-operator logs deploy/prometheus-operator` (the chart\'s Deployment).', 'Fix the RBAC or the object the logs name; restart the operator if its informers are stuck.'),
      at: '30m',
      fires: [[`${failed}{${ol}}`, '0+6x40'], [`${total}{${ol}}`, '0+10x40']],
      labels: { controller: opLabels.controller, namespace: opLabels.namespace },
      silent: [[`${failed}{${ol}}`, '0x40'], [`${total}{${ol}}`, '0+10x40']],
    });

  const ksmMetric = (metric: string, labels: Readonly<Record<string, string>>, values: string): Series => [`${metric}{${ksm}, ${labelsOf(labels)}}`, values];
  const deploy = { namespace: 'shop', deployment: 'checkout' };
  const sts = { namespace: 'logging', statefulset: 'logging-es-default' };
  const ds = { namespace: 'node-collectors', daemonset: 'filebeat' };
  const pdb = { namespace: 'shop', poddisruptionbudget: 'checkout' };
  const ksmJob = { job: SCRAPE_JOBS.kubeStateMetrics.job };

  const alerts: AlertDefinition[] = [
    // Prometheus
    promCounter('PrometheusSDRefreshFailure', 'prometheus_sd_refresh_failures_total', '10m', '20m', 'warning', 'Failed Prometheus SD refresh.', 'Service discovery keeps failing: new or moved targets are not picked up.', 'Fix what the log names (API server access, RBAC of the Prometheus ServiceAccount).'),
    promCounter('PrometheusKubernetesListWatchFailures', 'prometheus_sd_kubernetes_failures_total', '5m', '15m', 'warning', 'Requests in Kubernetes SD are failing.', 'Kubernetes discovery list/watch calls fail: targets go stale.', 'Check the Prometheus ClusterRole (endpoints, endpointslices, pods, services, nodes) and the API server.'),
    promCounter('PrometheusDuplicateTimestamps', 'prometheus_target_scrapes_sample_duplicate_timestamp_total', '5m', '10m', 'warning', 'Prometheus is dropping samples with duplicate timestamps.', 'A target exposes the same series twice with different values; the duplicates are dropped.', 'Fix the exporter (duplicate series), or drop the series with a metricRelabeling.'),
    promCounter('PrometheusOutOfOrderTimestamps', 'prometheus_target_scrapes_sample_out_of_order_total', '5m', '10m', 'warning', 'Prometheus drops samples with out-of-order timestamps.', 'A target exposes samples older than ones already ingested (explicit timestamps); they are dropped.', 'Fix the exporter, or honor_timestamps: false on its ServiceMonitor.'),
    promCounter('PrometheusTargetLimitHit', 'prometheus_target_scrape_pool_exceeded_target_limit_total', '5m', '15m', 'warning', 'Prometheus has dropped targets because some scrape configs have exceeded the targets limit.', 'A ServiceMonitor found more targets than its targetLimit; the rest are not scraped.', 'Raise the targetLimit or narrow the ServiceMonitor selector.'),
    promCounter('PrometheusLabelLimitHit', 'prometheus_target_scrape_pool_exceeded_label_limits_total', '5m', '15m', 'warning', 'Prometheus has dropped targets because some scrape configs have exceeded the labels limit.', 'Targets exceed a label count/length limit and are dropped.', 'Raise the limit or drop labels with relabelings.'),
    promCounter('PrometheusScrapeBodySizeLimitHit', 'prometheus_target_scrapes_exceeded_body_size_limit_total', '5m', '15m', 'warning', 'Prometheus has dropped some targets that exceeded body size limit.', 'A target answers with more bytes than the body size limit and is not ingested.', 'Raise the limit or reduce what the target exposes.'),
    promCounter('PrometheusScrapeSampleLimitHit', 'prometheus_target_scrapes_exceeded_sample_limit_total', '5m', '15m', 'warning', 'Prometheus has failed scrapes that have exceeded the configured sample limit.', 'A target exposes more series than its sampleLimit; the whole scrape is rejected.', 'Raise the ServiceMonitor sampleLimit or drop series with metricRelabelings.'),
    simpleAlert({
      alert: 'PrometheusErrorSendingAlertsToSomeAlertmanagers',
      expr: `(rate(prometheus_notifications_errors_total{${prom}}[5m]) / rate(prometheus_notifications_sent_total{${prom}}[5m])) * 100 > 1`,
      for: '15m',
      severity: 'warning',
      summary: 'More than 1% of alerts sent by Prometheus to a specific Alertmanager were affected by errors.',
      description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} fails to send more than 1% of alerts to Alertmanager {{ $labels.alertmanager }}.',
      runbook: runbook('One Alertmanager replica does not accept alerts; the others still do (alerts are sent to all).', promLogs, 'Check that replica (`kubectl -n monitoring get pods -l app.kubernetes.io/name=alertmanager`) and the NetworkPolicy from Prometheus.'),
      at: '25m',
      fires: [[`prometheus_notifications_errors_total{${pl}, alertmanager="http://10.0.3.1:9093/api/v2/alerts"}`, '0+5x30'], [`prometheus_notifications_sent_total{${pl}, alertmanager="http://10.0.3.1:9093/api/v2/alerts"}`, '0+50x30']],
      labels: { ...promLabels, alertmanager: 'http://10.0.3.1:9093/api/v2/alerts' },
      silent: [[`prometheus_notifications_errors_total{${pl}, alertmanager="http://10.0.3.1:9093/api/v2/alerts"}`, '0x30'], [`prometheus_notifications_sent_total{${pl}, alertmanager="http://10.0.3.1:9093/api/v2/alerts"}`, '0+50x30']],
    }),
    simpleAlert({
      alert: 'PrometheusHighQueryLoad',
      expr: `avg_over_time(prometheus_engine_queries{${prom}}[5m]) / max_over_time(prometheus_engine_queries_concurrent_max{${prom}}[5m]) > 0.8`,
      for: '15m',
      severity: 'warning',
      summary: 'Prometheus is reaching its maximum capacity serving concurrent requests.',
      description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} runs more than 80% of its concurrent-query capacity.',
      runbook: runbook('Dashboards or rules run more queries at once than Prometheus allows; queries queue and time out.', 'The Prometheus dashboard (query load); Grafana dashboards with short refresh intervals.', 'Record heavy panel queries as rules, raise the refresh interval, or give Prometheus more CPU.'),
      at: '25m',
      fires: [[`prometheus_engine_queries{${pl}}`, '18x30'], [`prometheus_engine_queries_concurrent_max{${pl}}`, '20x30']],
      labels: promLabels,
      silent: [[`prometheus_engine_queries{${pl}}`, '2x30'], [`prometheus_engine_queries_concurrent_max{${pl}}`, '20x30']],
    }),
    // prometheus-operator and its config reloaders
    opRatio('PrometheusOperatorListErrors', 'prometheus_operator_list_operations_failed_total', 'prometheus_operator_list_operations_total', '10m', 0.4, 'Errors while performing list operations in controller.', 'The operator cannot list the objects it watches (RBAC, API server).'),
    opRatio('PrometheusOperatorWatchErrors', 'prometheus_operator_watch_operations_failed_total', 'prometheus_operator_watch_operations_total', '5m', 0.4, 'Errors while performing watch operations in controller.', 'The operator cannot watch the objects it reconciles; changes are picked up late or never.'),
    opRatio('PrometheusOperatorStatusUpdateErrors', 'prometheus_operator_status_update_errors_total', 'prometheus_operator_status_update_operations_total', '5m', 0.1, 'Errors while updating objects status.', 'The operator cannot write the status of Prometheus/Alertmanager objects (RBAC on */status).'),
    simpleAlert({
      alert: 'PrometheusOperatorNodeLookupErrors',
      expr: `rate(prometheus_operator_node_address_lookup_errors_total{${op}}[5m]) > 0.1`,
      for: '10m',
      severity: 'warning',
      summary: 'Errors while reconciling Prometheus.',
      description: 'prometheus-operator in {{ $labels.namespace }} fails to look up node addresses for the kubelet Service.',
      runbook: runbook('The kubelet Service the operator maintains (kube-system/kubelet) lacks node addresses: kubelet scrapes break.', 'The operator logs for "node address"; `kubectl get nodes -o wide`.', 'Fix the node InternalIP reporting or the operator RBAC on nodes.'),
      at: '25m',
      fires: [[`prometheus_operator_node_address_lookup_errors_total{${ol}}`, '0+10x30']],
      labels: opLabels,
      silent: [[`prometheus_operator_node_address_lookup_errors_total{${ol}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'PrometheusOperatorNotReady',
      expr: `min by (cluster, controller, namespace) (max_over_time(prometheus_operator_ready{${op}}[5m]) == 0)`,
      for: '5m',
      severity: 'warning',
      summary: 'Prometheus operator not ready.',
      description: 'The {{ $labels.controller }} controller of prometheus-operator in {{ $labels.namespace }} is not ready.',
      runbook: runbook('The operator cannot reconcile: no rule, scrape or Alertmanager change is applied.', 'The operator logs and its pod status.', 'Fix the cause in the logs (RBAC, CRDs not installed, API server) and restart the operator.'),
      at: '20m',
      fires: [[`prometheus_operator_ready{${ol}}`, '0x30']],
      labels: { controller: opLabels.controller, namespace: opLabels.namespace },
      silent: [[`prometheus_operator_ready{${ol}}`, '1x30']],
    }),
    simpleAlert({
      alert: 'PrometheusOperatorRejectedResources',
      expr: `min_over_time(prometheus_operator_managed_resources{${op}, state="rejected"}[5m]) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'Resources rejected by Prometheus operator.',
      description: 'prometheus-operator rejected {{ $labels.resource }} objects of the {{ $labels.controller }} controller.',
      runbook: runbook('A ServiceMonitor, PodMonitor, PrometheusRule or AlertmanagerConfig is invalid and ignored.', 'The operator logs name the object; `kubectl get prometheusrules -A` status.', 'Fix the object (charts-out is validated in CI; this is usually a hand-applied object).'),
      at: '20m',
      fires: [[`prometheus_operator_managed_resources{${ol}, resource="rules", state="rejected"}`, '1x30']],
      labels: { ...opLabels, resource: 'rules', state: 'rejected' },
      silent: [[`prometheus_operator_managed_resources{${ol}, resource="rules", state="rejected"}`, '0x30']],
    }),
    simpleAlert({
      alert: 'ConfigReloaderSidecarErrors',
      expr: `max_over_time(reloader_last_reload_successful{namespace=~".+"}[5m]) == 0`,
      for: '10m',
      severity: 'warning',
      summary: 'config-reloader sidecar has not had a successful reload for 10m.',
      description: 'The config-reloader of {{ $labels.namespace }}/{{ $labels.pod }} has not reloaded successfully for 10 minutes; the server runs a stale configuration.',
      runbook: runbook('The reloader sidecar (Prometheus or Alertmanager) cannot make its server reload: new rules or routes are not active.', '`kubectl -n <namespace> logs <pod> -c config-reloader`.', 'Fix the rejected configuration (see PrometheusBadConfig / AlertmanagerFailedReload) or restart the pod.'),
      at: '20m',
      fires: [[`reloader_last_reload_successful{${pl}}`, '0x30']],
      labels: promLabels,
      silent: [[`reloader_last_reload_successful{${pl}}`, '1x30']],
    }),
    // Alertmanager cluster
    simpleAlert({
      alert: 'AlertmanagerConfigInconsistent',
      expr: `count by (namespace, service) (count_values by (namespace, service) ("config_hash", alertmanager_config_hash{${am}})) != 1`,
      for: '20m',
      severity: 'critical',
      summary: 'Alertmanager instances within the same cluster have different configurations.',
      description: 'The Alertmanager replicas of {{ $labels.namespace }}/{{ $labels.service }} run different configurations.',
      runbook: runbook('A configuration change reached only some replicas; notifications depend on which one handles an alert.', '`kubectl -n monitoring logs alertmanager-main-<n> -c config-reloader` on each replica.', 'Restart the lagging replica; fix the config if one replica rejects it.'),
      at: '30m',
      fires: [[`alertmanager_config_hash{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '111x40'], [`alertmanager_config_hash{${labelsOf(amLabels)}, pod="alertmanager-main-1"}`, '222x40']],
      labels: { namespace: amLabels.namespace, service: amLabels.service },
      silent: [[`alertmanager_config_hash{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '111x40'], [`alertmanager_config_hash{${labelsOf(amLabels)}, pod="alertmanager-main-1"}`, '111x40']],
    }),
    simpleAlert({
      alert: 'AlertmanagerClusterCrashlooping',
      expr: `(count by (namespace, service) (changes(process_start_time_seconds{${am}}[10m]) > 4) / count by (namespace, service) (up{${am}})) >= 0.5`,
      for: '5m',
      severity: 'critical',
      summary: 'Half or more of the Alertmanager instances within the same cluster are crashlooping.',
      description: 'Half or more of the Alertmanager replicas of {{ $labels.namespace }}/{{ $labels.service }} restarted more than 4 times in 10 minutes.',
      runbook: runbook('Alertmanager keeps restarting: notifications are delayed or lost, silences may be lost.', '`kubectl -n monitoring describe pod alertmanager-main-0` and its previous logs.', 'Fix the crash (invalid config file, OOM: raise memory in config).'),
      at: '20m',
      fires: [[`process_start_time_seconds{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '0+60x30'], [`up{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '1x30']],
      labels: { namespace: amLabels.namespace, service: amLabels.service },
      silent: [[`process_start_time_seconds{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '100x30'], [`up{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '1x30']],
    }),
    simpleAlert({
      alert: 'AlertmanagerClusterFailedPeers',
      expr: `max_over_time(alertmanager_cluster_failed_peers{${am}}[5m]) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'Alertmanager cluster has failed peers.',
      description: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} cannot reach some of its cluster peers.',
      runbook: runbook('The gossip mesh (9094) between replicas is broken: silences and notification state diverge, duplicates may be sent.', 'The NetworkPolicy alertmanager (gossip 9094 TCP/UDP between replicas) and the pod logs.', 'Restore the NetworkPolicy from charts-out; restart the isolated replica.'),
      at: '25m',
      fires: [[`alertmanager_cluster_failed_peers{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '1x30']],
      labels: { ...amLabels, pod: 'alertmanager-main-0' },
      silent: [[`alertmanager_cluster_failed_peers{${labelsOf(amLabels)}, pod="alertmanager-main-0"}`, '0x30']],
    }),
    // kubernetes apps and resources
    simpleAlert({
      alert: 'KubeDeploymentGenerationMismatch',
      expr: `kube_deployment_status_observed_generation{${ksm}} != kube_deployment_metadata_generation{${ksm}}`,
      for: '15m',
      severity: 'warning',
      summary: 'Deployment generation mismatch due to possible roll-back',
      description: 'The Deployment controller has not observed the latest spec of {{ $labels.namespace }}/{{ $labels.deployment }} for 15 minutes.',
      runbook: runbook('The controller did not process the last change of the Deployment (a failed rollout that was rolled back, or a stuck controller).', '`kubectl -n <namespace> describe deployment <deployment>` (Conditions, Events).', 'Roll out again, or undo: `kubectl -n <namespace> rollout undo deployment/<deployment>`.'),
      at: '20m',
      fires: [ksmMetric('kube_deployment_status_observed_generation', deploy, '3x30'), ksmMetric('kube_deployment_metadata_generation', deploy, '4x30')],
      labels: { ...ksmJob, ...deploy },
      silent: [ksmMetric('kube_deployment_status_observed_generation', deploy, '4x30'), ksmMetric('kube_deployment_metadata_generation', deploy, '4x30')],
    }),
    simpleAlert({
      alert: 'KubeStatefulSetGenerationMismatch',
      expr: `kube_statefulset_status_observed_generation{${ksm}} != kube_statefulset_metadata_generation{${ksm}}`,
      for: '15m',
      severity: 'warning',
      summary: 'StatefulSet generation mismatch due to possible roll-back',
      description: 'The StatefulSet controller has not observed the latest spec of {{ $labels.namespace }}/{{ $labels.statefulset }} for 15 minutes.',
      runbook: runbook('The controller did not process the last change of the StatefulSet.', '`kubectl -n <namespace> describe statefulset <statefulset>`.', 'Roll out again or undo the change.'),
      at: '20m',
      fires: [ksmMetric('kube_statefulset_status_observed_generation', sts, '3x30'), ksmMetric('kube_statefulset_metadata_generation', sts, '4x30')],
      labels: { ...ksmJob, ...sts },
      silent: [ksmMetric('kube_statefulset_status_observed_generation', sts, '4x30'), ksmMetric('kube_statefulset_metadata_generation', sts, '4x30')],
    }),
    simpleAlert({
      alert: 'KubeDaemonSetNotScheduled',
      expr: `kube_daemonset_status_desired_number_scheduled{${ksm}} - kube_daemonset_status_current_number_scheduled{${ksm}} > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'DaemonSet pods are not scheduled.',
      description: 'Some pods of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} are not scheduled.',
      runbook: runbook('A node that should run the DaemonSet has no pod of it (taints, resources).', '`kubectl -n <namespace> get pods -l <selector> -o wide` against `kubectl get nodes`.', 'Add tolerations or free resources on the node.'),
      at: '20m',
      fires: [ksmMetric('kube_daemonset_status_desired_number_scheduled', ds, '5x30'), ksmMetric('kube_daemonset_status_current_number_scheduled', ds, '4x30')],
      labels: { ...ksmJob, ...ds },
      silent: [ksmMetric('kube_daemonset_status_desired_number_scheduled', ds, '5x30'), ksmMetric('kube_daemonset_status_current_number_scheduled', ds, '5x30')],
    }),
    simpleAlert({
      alert: 'KubePdbNotEnoughHealthyPods',
      expr: `(kube_poddisruptionbudget_status_desired_healthy{${ksm}} - kube_poddisruptionbudget_status_current_healthy{${ksm}}) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'PDB does not have enough healthy pods.',
      description: 'PodDisruptionBudget {{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} has fewer healthy pods than it requires: node drains (EKS node-group upgrades) block on it.',
      runbook: runbook('The workload behind the PDB is already degraded; voluntary evictions are refused, so drains and upgrades stall.', '`kubectl -n <namespace> get pdb <poddisruptionbudget>` and the pods it selects.', 'Fix the unhealthy pods first (see KubePodNotReady); do not delete the PDB to force a drain.'),
      at: '20m',
      fires: [ksmMetric('kube_poddisruptionbudget_status_desired_healthy', pdb, '2x30'), ksmMetric('kube_poddisruptionbudget_status_current_healthy', pdb, '1x30')],
      labels: { ...ksmJob, ...pdb },
      silent: [ksmMetric('kube_poddisruptionbudget_status_desired_healthy', pdb, '2x30'), ksmMetric('kube_poddisruptionbudget_status_current_healthy', pdb, '2x30')],
    }),
    ...(['cpu', 'memory'] as const).map((resource) =>
      simpleAlert({
        alert: resource === 'cpu' ? 'KubeCPUQuotaOvercommit' : 'KubeMemoryQuotaOvercommit',
        expr: `sum(min without (resource) (kube_resourcequota{${ksm}, type="hard", resource=~"(${resource}|requests.${resource})"})) / sum(kube_node_status_allocatable{${ksm}, resource="${resource}"}) > 1.5`,
        for: '5m',
        severity: 'warning',
        ticket: true,
        summary: `Cluster has overcommitted ${resource} resource requests.`,
        description: `ResourceQuotas allow more than 1.5 times the allocatable ${resource} of the cluster's nodes.`,
        runbook: runbook('Namespaces may request more than the cluster holds; once they do, pods stay Pending.', '`kubectl get resourcequota -A` against node allocatable.', 'Lower the quotas or grow the node group.'),
        at: '10m',
        fires: [ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: `requests.${resource}`, type: 'hard' }, '10x20'), ksmMetric('kube_node_status_allocatable', { node: 'n1', resource }, '4x20')],
        labels: {},
        silent: [ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: `requests.${resource}`, type: 'hard' }, '4x20'), ksmMetric('kube_node_status_allocatable', { node: 'n1', resource }, '4x20')],
      }),
    ),
    simpleAlert({
      alert: 'KubeQuotaFullyUsed',
      expr: `topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="used"})) / on (cluster, namespace, resource, resourcequota) group_left () topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="hard"}) > 0) == 1`,
      for: '15m',
      severity: 'info',
      summary: 'Namespace quota is fully used.',
      description: 'Namespace {{ $labels.namespace }} uses all of its {{ $labels.resource }} quota; the next pod is rejected.',
      runbook: runbook('The namespace is exactly at its quota: any scale-up or rollout surge fails admission.', '`kubectl -n <namespace> describe resourcequota`.', 'Raise the quota before the next rollout.'),
      at: '20m',
      fires: [ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: 'pods', type: 'used' }, '10x30'), ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: 'pods', type: 'hard' }, '10x30')],
      labels: { namespace: 'shop', resourcequota: 'q', resource: 'pods' },
      silent: [ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: 'pods', type: 'used' }, '5x30'), ksmMetric('kube_resourcequota', { namespace: 'shop', resourcequota: 'q', resource: 'pods', type: 'hard' }, '10x30')],
    }),
    // Upstream's InfoInhibitor: fires while a namespace has info alerts but no warning/critical; Alertmanager routes it
    // nowhere (null receiver) and uses it to mute those infos (inhibit rule), so infos only show next to real problems.
    simpleAlert({
      alert: 'InfoInhibitor',
      expr: `group by (namespace) (ALERTS{severity="info", alertname!="Watchdog"} == 1) unless on (namespace) group by (namespace) (ALERTS{alertname!="InfoInhibitor", alertstate="firing", severity=~"warning|critical"} == 1)`,
      severity: 'info',
      summary: 'Info-level alert inhibition.',
      description: 'Namespace {{ $labels.namespace }} has only info-level alerts; they are muted until a warning or critical fires there.',
      runbook: runbook('Not a problem: a helper alert that mutes info-level alerts in namespaces without a warning or critical.', 'Nothing to check; it routes to no receiver.', 'Never silence it; silence the info alert itself if it is noise.'),
      at: '5m',
      fires: [['ALERTS{alertname="CPUThrottlingHigh", alertstate="firing", severity="info", namespace="shop"}', '1x10']],
      labels: { namespace: 'shop' },
      silent: [['ALERTS{alertname="CPUThrottlingHigh", alertstate="firing", severity="info", namespace="shop"}', '1x10'], ['ALERTS{alertname="KubePodNotReady", alertstate="firing", severity="warning", namespace="shop"}', '1x10']],
    }),
  ];
  return { name: 'monitoring-stack-health', alerts };
}

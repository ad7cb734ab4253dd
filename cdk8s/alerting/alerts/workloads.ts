/** Kubernetes workloads: pods, rollouts and jobs (kube-state-metrics). */
import type { AlertContext, RuleGroup } from './types.js';

/** kube-prometheus' pod → node mapping (node.rules), which the workload alerts join on. */
export const POD_NODE = 'node_namespace_pod:kube_pod_info:';

export function workloadRules(ctx: AlertContext): RuleGroup {
  const ksm = ctx.selectors.kubeStateMetrics;
  const t = ctx.thresholds;
  /**
   * Adds the pod's `node` so that KubeNodeNotReady/KubeNodeUnreachable can inhibit the alert; a pod not scheduled
   * yet (no node) keeps the alert without it. The pod → node mapping is recorded once per cycle under upstream's
   * name (node.rules) instead of being rebuilt from kube_pod_info by every alert that needs it.
   */
  const onNode = (expr: string) => `(${expr}) * on (namespace, pod, cluster) group_left (node) ${POD_NODE} or on (namespace, pod, cluster) (${expr})`;
  return {
    name: 'kubernetes-workloads',
    recordingRules: [
      // one series per scheduled pod (topk: one even if two kube-state-metrics replicas export it)
      { record: POD_NODE, expr: `topk by (cluster, namespace, pod) (1, max by (cluster, node, namespace, pod) (kube_pod_info{${ksm}, node!=""}))` },
    ],
    alerts: [
      {
        alert: 'KubePodCrashLooping',
        // The waiting reason, not a restart count: at the kubelet's 5-minute back-off cap a crash-looping container
        // restarts only about twice per 10 minutes, so any restart threshold goes silent while the loop goes on.
        expr: onNode(`max_over_time(kube_pod_container_status_waiting_reason{${ksm}, reason="CrashLoopBackOff"}[5m]) >= 1`),
        for: '15m',
        severity: 'warning',
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping.',
        description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for more than 15 minutes: it keeps exiting and the kubelet keeps restarting it.',
        runbook: {
          meaning: 'A container keeps exiting and the kubelet keeps restarting it with growing back-off (capped at 5 minutes). The workload is degraded or down.',
          check: [
            '`kubectl -n <namespace> describe pod <pod>`: look at Last State, Reason (Error, OOMKilled) and Exit Code.',
            '`kubectl -n <namespace> logs <pod> -c <container> --previous` shows the output of the crashed run.',
            'Compare with the last rollout: `kubectl -n <namespace> rollout history deployment/<name>`.',
          ],
          mitigate: [
            'If a new version broke it, roll back: `kubectl -n <namespace> rollout undo deployment/<name>`.',
            'If it is OOMKilled, raise the memory limit in config and re-deploy.',
            'If a dependency (database, secret, config) is missing, restore it; the pod recovers on its next restart.',
          ],
        },
        fires: {
          series: [{ series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-1", container="app", reason="CrashLoopBackOff"}`, values: '1x30' }],
          at: '20m',
          labels: { namespace: 'shop', pod: 'checkout-1', container: 'app', reason: 'CrashLoopBackOff', job: 'kube-state-metrics' },
        },
        silent: {
          // restarted a few times, then stayed up: no back-off wait any more
          series: [{ series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-1", container="app", reason="CrashLoopBackOff"}`, values: '1 1 1 1 1 _x25' }],
          at: '20m',
        },
        scenarios: [
          {
            name: "crash loop at the kubelet's 5-minute back-off cap (two restarts per 10 minutes, waiting in between)",
            // each restart runs ~30 s, then waits 5 minutes in CrashLoopBackOff; kube-state-metrics drops the series
            // while the container runs
            series: [
              { series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-1", container="app", reason="CrashLoopBackOff"}`, values: '1 1 1 1 1 _ 1 1 1 1 1 _ 1 1 1 1 1 _ 1 1 1 1 1 _ 1 1 1 1 1 _ 1 1 1 1 1' },
              { series: `kube_pod_container_status_restarts_total{${ksm}, namespace="shop", pod="checkout-1", container="app"}`, values: '10 10 10 10 10 11 11 11 11 11 11 12 12 12 12 12 12 13 13 13 13 13 13 14 14 14 14 14 14 15 15 15 15 15 15' },
            ],
            at: '30m',
            fires: true,
            labels: { namespace: 'shop', pod: 'checkout-1', container: 'app', reason: 'CrashLoopBackOff', job: 'kube-state-metrics' },
          },
          {
            name: 'a scheduled pod: the alert names its node (so a node that is not ready mutes it)',
            series: [
              { series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-1", container="app", reason="CrashLoopBackOff"}`, values: '1x30' },
              { series: `kube_pod_info{${ksm}, namespace="shop", pod="checkout-1", node="ip-10-0-1-1", host_ip="10.0.1.1"}`, values: '1x30' },
            ],
            at: '20m',
            fires: true,
            labels: { namespace: 'shop', pod: 'checkout-1', container: 'app', reason: 'CrashLoopBackOff', job: 'kube-state-metrics', node: 'ip-10-0-1-1' },
          },
          {
            name: 'a container that restarted three times during a rollout and is running again',
            series: [{ series: `kube_pod_container_status_restarts_total{${ksm}, namespace="shop", pod="checkout-1", container="app"}`, values: '0 1 2 3 3x30' }],
            at: '20m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubePodNotReady',
        // Pending/Unknown, or Running but not ready; not Failed (evicted and failed pods stay until garbage-collected
        // and are not "not ready yet"), not Job pods, and not pods held back on purpose by a scheduling gate. The owner
        // is a filter (`and`), not upstream's `* on () group_left topk(max(kube_pod_owner))` join: same result, less work.
        expr: onNode(`max by (namespace, pod, job, cluster) (kube_pod_status_phase{${ksm}, phase=~"Pending|Unknown"} == 1 or (kube_pod_status_phase{${ksm}, phase="Running"} == 1 and on (namespace, pod, cluster) kube_pod_status_ready{${ksm}, condition="true"} == 0)) and on (namespace, pod, cluster) kube_pod_owner{owner_kind!="Job"} unless on (namespace, pod, cluster) kube_pod_status_reason{${ksm}, reason="SchedulingGated"} == 1`),
        for: t.podNotReadyFor,
        severity: 'warning',
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for a long time.',
        description: `Pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending, Unknown, or Running but not ready, for more than ${t.podNotReadyFor}.`,
        runbook: {
          meaning: 'A pod owned by a long-running controller is not ready: it never started (Pending), its node is lost (Unknown), or it runs but fails its readiness probe. Capacity of the workload is reduced. Failed/evicted pods, Job pods and scheduling-gated pods are excluded.',
          check: [
            '`kubectl -n <namespace> get pod <pod> -o wide` and `kubectl -n <namespace> describe pod <pod>`: read the Events.',
            'Pending with "Insufficient cpu/memory": the cluster lacks capacity; check the node group and pending pods.',
            'Pending on a PersistentVolumeClaim: `kubectl -n <namespace> get pvc`; check the EBS CSI driver logs.',
            'Running but not ready: the readiness probe fails; `kubectl -n <namespace> logs <pod>` and the probe\'s endpoint.',
          ],
          mitigate: [
            'Scale the node group or lower the requests in config if they are oversized.',
            'Fix image pull errors (tag, registry permissions) or the missing volume, then delete the pod to retry.',
            'Fix what the readiness probe depends on (a dependency, a slow start: raise initialDelaySeconds).',
          ],
        },
        fires: {
          series: [
            { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-1", phase="Pending"}`, values: '1x30' },
            { series: `kube_pod_owner{${ksm}, namespace="shop", pod="catalog-1", owner_kind="ReplicaSet"}`, values: '1x30' },
          ],
          at: '25m',
          labels: { namespace: 'shop', pod: 'catalog-1', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-1", phase="Pending"}`, values: '0x30' },
            { series: `kube_pod_owner{${ksm}, namespace="shop", pod="catalog-1", owner_kind="ReplicaSet"}`, values: '1x30' },
          ],
          at: '25m',
        },
        scenarios: [
          {
            name: 'a Running pod whose readiness probe keeps failing',
            series: [
              { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-2", phase="Running"}`, values: '1x30' },
              { series: `kube_pod_status_ready{${ksm}, namespace="shop", pod="catalog-2", condition="true"}`, values: '0x30' },
              { series: `kube_pod_owner{${ksm}, namespace="shop", pod="catalog-2", owner_kind="ReplicaSet"}`, values: '1x30' },
            ],
            at: '25m',
            fires: true,
            labels: { namespace: 'shop', pod: 'catalog-2', job: 'kube-state-metrics' },
          },
          {
            name: 'a pod evicted for node pressure (phase Failed, reason Evicted), waiting for garbage collection',
            series: [
              { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-3", phase="Failed"}`, values: '1x30' },
              { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-3", phase="Running"}`, values: '0x30' },
              { series: `kube_pod_status_reason{${ksm}, namespace="shop", pod="catalog-3", reason="Evicted"}`, values: '1x30' },
              { series: `kube_pod_status_ready{${ksm}, namespace="shop", pod="catalog-3", condition="true"}`, values: '0x30' },
              { series: `kube_pod_owner{${ksm}, namespace="shop", pod="catalog-3", owner_kind="ReplicaSet"}`, values: '1x30' },
            ],
            at: '25m',
            fires: false,
          },
          {
            name: 'a Pending pod held back by a scheduling gate',
            series: [
              { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="catalog-4", phase="Pending"}`, values: '1x30' },
              { series: `kube_pod_status_reason{${ksm}, namespace="shop", pod="catalog-4", reason="SchedulingGated"}`, values: '1x30' },
              { series: `kube_pod_owner{${ksm}, namespace="shop", pod="catalog-4", owner_kind="ReplicaSet"}`, values: '1x30' },
            ],
            at: '25m',
            fires: false,
          },
          {
            name: 'a Pending pod of a Job (Jobs have their own alerts)',
            series: [
              { series: `kube_pod_status_phase{${ksm}, namespace="logging", pod="snapshot-1-abcde", phase="Pending"}`, values: '1x30' },
              { series: `kube_pod_owner{${ksm}, namespace="logging", pod="snapshot-1-abcde", owner_kind="Job"}`, values: '1x30' },
            ],
            at: '25m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeDeploymentRolloutStuck',
        expr: `kube_deployment_status_condition{${ksm}, condition="Progressing", status="false"} != 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} rollout is stuck.',
        description: 'Rollout of deployment {{ $labels.namespace }}/{{ $labels.deployment }} exceeded its progress deadline and is no longer progressing.',
        runbook: {
          meaning: 'The Deployment controller gave up on the rollout (progressDeadlineSeconds passed). Old and new pods may be mixed.',
          check: [
            '`kubectl -n <namespace> rollout status deployment/<deployment>` and `describe deployment` (Conditions).',
            'Look at the new ReplicaSet\'s pods: image pull errors, failing readiness probes, crash loops.',
          ],
          mitigate: [
            'Roll back: `kubectl -n <namespace> rollout undo deployment/<deployment>`.',
            'Fix the cause (probe, image, config) and deploy again.',
          ],
        },
        fires: {
          series: [{ series: `kube_deployment_status_condition{${ksm}, namespace="shop", deployment="checkout", condition="Progressing", status="false"}`, values: '1x30' }],
          at: '20m',
          labels: { namespace: 'shop', deployment: 'checkout', condition: 'Progressing', status: 'false', job: 'kube-state-metrics' },
        },
        silent: {
          series: [{ series: `kube_deployment_status_condition{${ksm}, namespace="shop", deployment="checkout", condition="Progressing", status="false"}`, values: '0x30' }],
          at: '20m',
        },
      },
      {
        alert: 'KubeDeploymentReplicasMismatch',
        expr: `(kube_deployment_spec_replicas{${ksm}} > kube_deployment_status_replicas_available{${ksm}}) and (changes(kube_deployment_status_replicas_updated{${ksm}}[10m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has fewer available replicas than desired.',
        description: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had fewer available replicas than its spec for more than 15 minutes while no rollout is in progress.',
        runbook: {
          meaning: 'Some replicas of the Deployment are not available, and it is not because of a rollout.',
          check: [
            '`kubectl -n <namespace> get pods -l <selector>`: which pods are not ready and why.',
            'Check node capacity and PodDisruptionBudgets blocking rescheduling.',
          ],
          mitigate: ['Resolve the failing pods (see KubePodNotReady / KubePodCrashLooping) or add capacity.'],
        },
        fires: {
          series: [
            { series: `kube_deployment_spec_replicas{${ksm}, namespace="shop", deployment="catalog"}`, values: '3x30' },
            { series: `kube_deployment_status_replicas_available{${ksm}, namespace="shop", deployment="catalog"}`, values: '2x30' },
            { series: `kube_deployment_status_replicas_updated{${ksm}, namespace="shop", deployment="catalog"}`, values: '3x30' },
          ],
          at: '25m',
          labels: { namespace: 'shop', deployment: 'catalog', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_deployment_spec_replicas{${ksm}, namespace="shop", deployment="catalog"}`, values: '3x30' },
            { series: `kube_deployment_status_replicas_available{${ksm}, namespace="shop", deployment="catalog"}`, values: '3x30' },
            { series: `kube_deployment_status_replicas_updated{${ksm}, namespace="shop", deployment="catalog"}`, values: '3x30' },
          ],
          at: '25m',
        },
      },
      {
        alert: 'KubeStatefulSetReplicasMismatch',
        expr: `(kube_statefulset_status_replicas_ready{${ksm}} != kube_statefulset_replicas{${ksm}}) and (changes(kube_statefulset_status_replicas_updated{${ksm}}[10m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has not the desired number of ready replicas.',
        description: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has had a different number of ready replicas than desired for more than 15 minutes.',
        runbook: {
          meaning: 'A StatefulSet (e.g. Prometheus, Alertmanager, Elasticsearch) runs with fewer ready members than configured; redundancy is reduced.',
          check: [
            '`kubectl -n <namespace> get pods -l <selector>`; StatefulSets start pods in order, so one stuck pod blocks the rest.',
            'Check the pod\'s PVC binding and the zone of its volume (EBS volumes are zonal).',
          ],
          mitigate: [
            'Fix the stuck ordinal first; if its volume is in a zone without nodes, add capacity in that zone.',
          ],
        },
        fires: {
          series: [
            { series: `kube_statefulset_replicas{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '3x30' },
            { series: `kube_statefulset_status_replicas_ready{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '2x30' },
            { series: `kube_statefulset_status_replicas_updated{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '3x30' },
          ],
          at: '25m',
          labels: { namespace: 'monitoring', statefulset: 'alertmanager-main', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_statefulset_replicas{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '3x30' },
            { series: `kube_statefulset_status_replicas_ready{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '3x30' },
            { series: `kube_statefulset_status_replicas_updated{${ksm}, namespace="monitoring", statefulset="alertmanager-main"}`, values: '3x30' },
          ],
          at: '25m',
        },
      },
      {
        alert: 'KubeStatefulSetUpdateNotRolledOut',
        // …and no pod was updated for 5 minutes: a StatefulSet that is still rolling (one ordinal at a time) is fine.
        expr: `(max by (namespace, statefulset, job, cluster) (kube_statefulset_status_current_revision{${ksm}} unless kube_statefulset_status_update_revision{${ksm}}) * on (namespace, statefulset, job, cluster) (kube_statefulset_replicas{${ksm}} != kube_statefulset_status_replicas_updated{${ksm}})) and on (namespace, statefulset, job, cluster) (changes(kube_statefulset_status_replicas_updated{${ksm}}[5m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} update has not been rolled out.',
        description: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} still runs pods of the old revision 15 minutes after an update.',
        runbook: {
          meaning: 'An update of a StatefulSet stopped part-way: some members run the old revision.',
          check: ['`kubectl -n <namespace> rollout status statefulset/<statefulset>`', 'Describe the first pod that is not updated.'],
          mitigate: ['Fix the failing new pod, or roll back with `kubectl -n <namespace> rollout undo statefulset/<statefulset>`.'],
        },
        fires: {
          series: [
            { series: `kube_statefulset_status_current_revision{${ksm}, namespace="logging", statefulset="es", revision="a"}`, values: '1x30' },
            { series: `kube_statefulset_status_update_revision{${ksm}, namespace="logging", statefulset="es", revision="b"}`, values: '1x30' },
            { series: `kube_statefulset_replicas{${ksm}, namespace="logging", statefulset="es"}`, values: '3x30' },
            { series: `kube_statefulset_status_replicas_updated{${ksm}, namespace="logging", statefulset="es"}`, values: '1x30' },
          ],
          at: '25m',
          labels: { namespace: 'logging', statefulset: 'es', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_statefulset_status_current_revision{${ksm}, namespace="logging", statefulset="es", revision="b"}`, values: '1x30' },
            { series: `kube_statefulset_status_update_revision{${ksm}, namespace="logging", statefulset="es", revision="b"}`, values: '1x30' },
            { series: `kube_statefulset_replicas{${ksm}, namespace="logging", statefulset="es"}`, values: '3x30' },
            { series: `kube_statefulset_status_replicas_updated{${ksm}, namespace="logging", statefulset="es"}`, values: '3x30' },
          ],
          at: '25m',
        },
      },
      {
        alert: 'KubeDaemonSetRolloutStuck',
        // Stuck = some node lacks the current, available pod AND the rollout made no progress for 5 minutes. Counting
        // ready pods alone misses a surge rollout (maxSurge) whose new pods never become available while the old ones
        // stay ready, and fires while a rollout is still moving node by node.
        expr: `((kube_daemonset_status_current_number_scheduled{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}}) or (kube_daemonset_status_number_misscheduled{${ksm}} != 0) or (kube_daemonset_status_updated_number_scheduled{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}}) or (kube_daemonset_status_number_available{${ksm}} != kube_daemonset_status_desired_number_scheduled{${ksm}})) and (changes(kube_daemonset_status_updated_number_scheduled{${ksm}}[5m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} rollout is stuck.',
        description: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} has not had its current pod available on every node for more than 15 minutes, and its rollout has stopped progressing.',
        runbook: {
          meaning: 'Some nodes run no up-to-date, available pod of a DaemonSet such as node-exporter or Filebeat, and the rollout is not moving: metrics or logs of those nodes are missing or stale.',
          check: [
            '`kubectl -n <namespace> rollout status daemonset/<daemonset>` and `kubectl -n <namespace> get pods -l <selector> -o wide`: find the nodes whose pod is not ready or not updated.',
            'Describe that pod; DaemonSet pods often fail on taints, host ports or host resources. With maxSurge, the new pod may be Pending next to the old one.',
          ],
          mitigate: ['Add the missing toleration or fix the host-level problem; delete the failing pod to retry, or roll back: `kubectl -n <namespace> rollout undo daemonset/<daemonset>`.'],
        },
        fires: {
          series: [
            { series: `kube_daemonset_status_current_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_desired_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0x30' },
            { series: `kube_daemonset_status_updated_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_number_available{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '4x30' },
          ],
          at: '25m',
          labels: { namespace: 'node-collectors', daemonset: 'filebeat', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_daemonset_status_current_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_desired_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0x30' },
            { series: `kube_daemonset_status_updated_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
            { series: `kube_daemonset_status_number_available{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x30' },
          ],
          at: '25m',
        },
        scenarios: [
          {
            name: 'a surge rollout (maxSurge 1) whose new pod never becomes available while the old pods stay ready',
            series: [
              { series: `kube_daemonset_status_current_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x40' },
              { series: `kube_daemonset_status_desired_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x40' },
              { series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0x40' },
              // the surge pod was created on the first node and is stuck; nothing else moves
              { series: `kube_daemonset_status_updated_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0 1x39' },
              { series: `kube_daemonset_status_number_available{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x40' },
              { series: `kube_daemonset_status_number_ready{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '5x40' },
            ],
            at: '30m',
            fires: true,
            labels: { namespace: 'node-collectors', daemonset: 'filebeat', job: 'kube-state-metrics' },
          },
          {
            name: 'a rollout still progressing node by node (one node updated every 3 minutes)',
            series: [
              { series: `kube_daemonset_status_current_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '10x40' },
              { series: `kube_daemonset_status_desired_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '10x40' },
              { series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0x40' },
              { series: `kube_daemonset_status_updated_number_scheduled{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '0 0 0 1 1 1 2 2 2 3 3 3 4 4 4 5 5 5 6 6 6 7 7 7 8 8 8 9 9 9 10x10' },
              { series: `kube_daemonset_status_number_available{${ksm}, namespace="node-collectors", daemonset="filebeat"}`, values: '9x30 10x10' },
            ],
            at: '28m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeDaemonSetMisScheduled',
        expr: `kube_daemonset_status_number_misscheduled{${ksm}} > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} runs pods where it should not.',
        description: 'Pods of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} run on nodes that its node selector or tolerations exclude.',
        runbook: {
          meaning: 'Node labels or taints changed and pods of the DaemonSet now run where they should not.',
          check: ['`kubectl -n <namespace> get pods -l <selector> -o wide` and compare the nodes with the DaemonSet\'s nodeSelector.'],
          mitigate: ['Fix the node labels/taints or the DaemonSet selector; delete the misplaced pods.'],
        },
        fires: {
          series: [{ series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="node-exporter"}`, values: '1x30' }],
          at: '20m',
          labels: { namespace: 'node-collectors', daemonset: 'node-exporter', job: 'kube-state-metrics' },
        },
        silent: {
          series: [{ series: `kube_daemonset_status_number_misscheduled{${ksm}, namespace="node-collectors", daemonset="node-exporter"}`, values: '0x30' }],
          at: '20m',
        },
      },
      {
        alert: 'KubeContainerWaiting',
        // CrashLoopBackOff has its own alert (KubePodCrashLooping); any other reason for an hour is a container that
        // never starts.
        expr: onNode(`kube_pod_container_status_waiting_reason{${ksm}, reason!="CrashLoopBackOff"} > 0`),
        for: '1h',
        severity: 'warning',
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} has been waiting for an hour.',
        description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been in a waiting state (e.g. ImagePullBackOff, CreateContainerConfigError) for more than an hour.',
        runbook: {
          meaning: 'The container never started: usually an image that cannot be pulled or a missing Secret/ConfigMap.',
          check: ['`kubectl -n <namespace> describe pod <pod>`: the waiting reason and the Events.'],
          mitigate: ['Fix the image reference or registry permissions; create the missing Secret (check its ExternalSecret status).'],
        },
        fires: {
          series: [{ series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-2", container="app", reason="ImagePullBackOff"}`, values: '1x90' }],
          at: '80m',
          labels: { namespace: 'shop', pod: 'checkout-2', container: 'app', reason: 'ImagePullBackOff', job: 'kube-state-metrics' },
        },
        silent: {
          // pulled after 20 minutes
          series: [{ series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-2", container="app", reason="ImagePullBackOff"}`, values: '1x20 _x70' }],
          at: '80m',
        },
        scenarios: [
          {
            name: 'a crash loop (reported by KubePodCrashLooping instead)',
            series: [{ series: `kube_pod_container_status_waiting_reason{${ksm}, namespace="shop", pod="checkout-2", container="app", reason="CrashLoopBackOff"}`, values: '1x90' }],
            at: '80m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeContainerOOMKilled',
        expr: `(increase(kube_pod_container_status_restarts_total{${ksm}}[15m]) > 0) and on (namespace, pod, container) (max by (namespace, pod, container) (kube_pod_container_status_last_terminated_reason{${ksm}, reason="OOMKilled"}) == 1)`,
        severity: 'info',
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} was OOM-killed.',
        description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} restarted in the last 15 minutes after the kernel killed it for exceeding its memory limit.',
        runbook: {
          meaning: 'The container used more memory than its limit and was killed. Repeated, it becomes a crash loop.',
          check: ['Compare `container_memory_working_set_bytes` of the container with its limit in Grafana.', 'Look for a memory leak after a recent deploy.'],
          mitigate: ['Raise the memory request/limit in config, or fix the leak; for JVMs keep the heap below ~75% of the limit.'],
        },
        fires: {
          series: [
            { series: `kube_pod_container_status_restarts_total{${ksm}, namespace="logging", pod="logstash-0", container="logstash"}`, values: '0 0 0 0 0 1 1 1 1 1 1' },
            { series: `kube_pod_container_status_last_terminated_reason{${ksm}, namespace="logging", pod="logstash-0", container="logstash", reason="OOMKilled"}`, values: '1x10' },
          ],
          at: '10m',
          labels: { namespace: 'logging', pod: 'logstash-0', container: 'logstash', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_pod_container_status_restarts_total{${ksm}, namespace="logging", pod="logstash-0", container="logstash"}`, values: '0 0 0 0 0 1 1 1 1 1 1' },
            { series: `kube_pod_container_status_last_terminated_reason{${ksm}, namespace="logging", pod="logstash-0", container="logstash", reason="Error"}`, values: '1x10' },
          ],
          at: '10m',
        },
      },
      {
        alert: 'KubeJobFailed',
        expr: `kube_job_failed{${ksm}} > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed.',
        description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed to complete. Remove the failed job after investigation to clear this alert.',
        runbook: {
          meaning: 'A Job exhausted its backoffLimit or deadline. Whatever it does (backup, migration, cleanup) did not happen.',
          check: ['`kubectl -n <namespace> describe job <job_name>` and `kubectl -n <namespace> logs job/<job_name>`.'],
          mitigate: ['Fix the cause and re-run it (for a CronJob: `kubectl create job --from=cronjob/<name> <name>-manual`); delete the failed Job.'],
        },
        fires: {
          series: [{ series: `kube_job_failed{${ksm}, namespace="logging", job_name="snapshot-1", condition="true"}`, values: '1x30' }],
          at: '20m',
          labels: { namespace: 'logging', job_name: 'snapshot-1', condition: 'true', job: 'kube-state-metrics' },
        },
        silent: {
          series: [{ series: `kube_job_failed{${ksm}, namespace="logging", job_name="snapshot-1", condition="true"}`, values: '0x30' }],
          at: '20m',
        },
      },
      {
        alert: 'KubeJobNotCompleted',
        expr: `time() - max by (namespace, job_name, cluster) (kube_job_status_start_time{${ksm}} and kube_job_status_active{${ksm}} > 0) > 43200`,
        severity: 'warning',
        summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} has been running for more than 12 hours.',
        description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} started more than 12 hours ago and is still active.',
        runbook: {
          meaning: 'A Job is hanging or far slower than expected; the next scheduled run may overlap.',
          check: ['`kubectl -n <namespace> logs job/<job_name> --tail=100`: is it making progress?'],
          mitigate: ['Delete the hung Job; set `activeDeadlineSeconds` so it cannot hang again.'],
        },
        fires: {
          series: [
            // started 12.5 hours before the test's epoch
            { series: `kube_job_status_start_time{${ksm}, namespace="logging", job_name="reindex"}`, values: '-45000x20' },
            { series: `kube_job_status_active{${ksm}, namespace="logging", job_name="reindex"}`, values: '1x20' },
          ],
          at: '10m',
          labels: { namespace: 'logging', job_name: 'reindex' },
        },
        silent: {
          series: [
            { series: `kube_job_status_start_time{${ksm}, namespace="logging", job_name="reindex"}`, values: '-45000x20' },
            { series: `kube_job_status_active{${ksm}, namespace="logging", job_name="reindex"}`, values: '0x20' },
          ],
          at: '10m',
        },
      },
      {
        alert: 'KubeHpaMaxedOut',
        ticket: true,
        // An HPA pinned at min = max is at its maximum by design; it is not "maxed out".
        expr: `(kube_horizontalpodautoscaler_status_current_replicas{${ksm}} == kube_horizontalpodautoscaler_spec_max_replicas{${ksm}}) and on (namespace, horizontalpodautoscaler, cluster) (kube_horizontalpodautoscaler_spec_max_replicas{${ksm}} != kube_horizontalpodautoscaler_spec_min_replicas{${ksm}})`,
        for: '15m',
        severity: 'warning',
        summary: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} is at its maximum replicas.',
        description: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at max replicas for more than 15 minutes; it cannot scale further.',
        runbook: {
          meaning: 'Load exceeds what the autoscaler may add; latency and errors rise next.',
          check: ['`kubectl -n <namespace> describe hpa <name>`: current vs target metric.'],
          mitigate: ['Raise maxReplicas (and check node capacity), or reduce the load.'],
        },
        fires: {
          series: [
            { series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '10x30' },
            { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '10x30' },
            { series: `kube_horizontalpodautoscaler_spec_min_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '2x30' },
          ],
          at: '20m',
          labels: { namespace: 'shop', horizontalpodautoscaler: 'checkout', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '4x30' },
            { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '10x30' },
            { series: `kube_horizontalpodautoscaler_spec_min_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="checkout"}`, values: '2x30' },
          ],
          at: '20m',
        },
        scenarios: [
          {
            name: 'an HPA pinned at min = max = 3 (a fixed-size service that keeps an HPA object)',
            series: [
              { series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="payments-api"}`, values: '3x30' },
              { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="payments-api"}`, values: '3x30' },
              { series: `kube_horizontalpodautoscaler_spec_min_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="payments-api"}`, values: '3x30' },
            ],
            at: '20m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeHpaReplicasMismatch',
        ticket: true,
        expr: `(kube_horizontalpodautoscaler_status_desired_replicas{${ksm}} != kube_horizontalpodautoscaler_status_current_replicas{${ksm}}) and (kube_horizontalpodautoscaler_status_current_replicas{${ksm}} > kube_horizontalpodautoscaler_spec_min_replicas{${ksm}}) and (kube_horizontalpodautoscaler_status_current_replicas{${ksm}} < kube_horizontalpodautoscaler_spec_max_replicas{${ksm}}) and changes(kube_horizontalpodautoscaler_status_current_replicas{${ksm}}[15m]) == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has not matched its desired replicas.',
        description: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} wants a different number of replicas than it runs and has not changed for 15 minutes.',
        runbook: {
          meaning: 'The autoscaler decided to scale but the workload did not follow: pods cannot be scheduled or a quota blocks them.',
          check: ['`kubectl -n <namespace> describe hpa <name>` and the events of the target workload.', 'Check ResourceQuota usage in the namespace.'],
          mitigate: ['Add node capacity or raise the quota.'],
        },
        fires: {
          series: [
            { series: `kube_horizontalpodautoscaler_status_desired_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '6x40' },
            { series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '4x40' },
            { series: `kube_horizontalpodautoscaler_spec_min_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '2x40' },
            { series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '10x40' },
          ],
          at: '35m',
          labels: { namespace: 'shop', horizontalpodautoscaler: 'catalog', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_horizontalpodautoscaler_status_desired_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '4x40' },
            { series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm}, namespace="shop", horizontalpodautoscaler="catalog"}`, values: '4x40' },
          ],
          at: '35m',
        },
      },
    ],
  };
}

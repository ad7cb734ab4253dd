/** Kubernetes capacity: volumes, CPU throttling, overcommit, quotas and node conditions (kube-state-metrics, kubelet, cAdvisor). */
import type { AlertContext, AlertDefinition, RuleGroup, TestSeries } from './types.js';

export function capacityRules(ctx: AlertContext): RuleGroup {
  const { kubeStateMetrics: ksm, kubelet, cadvisor } = ctx.selectors;
  const t = ctx.thresholds;
  const pvc = (avail: string, cap: string) => [
    { series: `kubelet_volume_stats_available_bytes{${kubelet}, namespace="logging", persistentvolumeclaim="data-es-0"}`, values: avail },
    { series: `kubelet_volume_stats_capacity_bytes{${kubelet}, namespace="logging", persistentvolumeclaim="data-es-0"}`, values: cap },
  ];
  const pvcLabels = { namespace: 'logging', persistentvolumeclaim: 'data-es-0', job: 'kubelet' };
  const notReadOnly = `unless on (namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{${ksm}, access_mode="ReadOnlyMany"} == 1`;
  /** Requests exceed what the cluster could schedule after losing its largest node. */
  const overcommit = (resource: 'cpu' | 'memory'): AlertDefinition => {
    const allocatable = `kube_node_status_allocatable{${ksm}, resource="${resource}"}`;
    const spare = `(sum(${allocatable}) - max(${allocatable}))`;
    const series = (requested: string): TestSeries[] => [
      { series: `kube_pod_container_resource_requests{${ksm}, namespace="shop", pod="a", container="app", resource="${resource}"}`, values: requested },
      { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="a", phase="Running"}`, values: '1x20' },
      { series: `kube_node_status_allocatable{${ksm}, node="n1", resource="${resource}"}`, values: '4x20' },
      { series: `kube_node_status_allocatable{${ksm}, node="n2", resource="${resource}"}`, values: '4x20' },
    ];
    const unit = resource === 'cpu' ? 'cpu_cores' : 'memory_bytes';
    const title = resource === 'cpu' ? 'CPU' : 'memory';
    return {
      alert: resource === 'cpu' ? 'KubeCPUOvercommit' : 'KubeMemoryOvercommit',
      expr: `cluster:kube_pod_container_resource_requests_${unit}:sum - ${spare} > 0 and ${spare} > 0`,
      for: '10m',
      severity: 'warning',
      summary: `The cluster has overcommitted ${title} requests.`,
      description: `${title} requests of running pods exceed what the cluster could schedule after losing its largest node; it cannot tolerate a node failure.`,
      runbook: {
        meaning: 'If a node fails, its pods cannot all be rescheduled elsewhere.',
        check: [`Sum of ${title} requests vs. allocatable per node (\`kubectl describe nodes | grep -A5 Allocated\`).`],
        mitigate: ["Raise the node group's minimum size, or reduce oversized requests."],
      },
      fires: { series: series('7x20'), at: '15m', labels: {} },
      silent: { series: series('3x20'), at: '15m' },
    };
  };
  return {
    name: 'kubernetes-capacity',
    recordingRules: [
      {
        record: 'namespace_pod_container:container_cpu_cfs_throttled:ratio_rate5m',
        expr: `sum by (namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{${cadvisor}, container!=""}[5m])) / sum by (namespace, pod, container) (increase(container_cpu_cfs_periods_total{${cadvisor}, container!=""}[5m]))`,
      },
      {
        record: 'cluster:kube_pod_container_resource_requests_cpu_cores:sum',
        expr: `sum(kube_pod_container_resource_requests{${ksm}, resource="cpu"} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{${ksm}, phase=~"Pending|Running"} == 1))`,
      },
      {
        record: 'cluster:kube_pod_container_resource_requests_memory_bytes:sum',
        expr: `sum(kube_pod_container_resource_requests{${ksm}, resource="memory"} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{${ksm}, phase=~"Pending|Running"} == 1))`,
      },
    ],
    alerts: [
      {
        alert: 'KubePersistentVolumeFillingUp',
        expr: `(kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}} < ${t.pvcFreePercentCritical / 100}) ${notReadOnly}`,
        for: '1m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full.',
        description: `PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ${t.pvcFreePercentCritical}% free space.`,
        runbook: {
          meaning: 'The volume is about to run out of space; the application writing to it will fail (Prometheus stops ingesting, Elasticsearch blocks indices).',
          check: [
            '`kubectl -n <namespace> exec <pod> -- df -h <mount>` to confirm, and see what grew (`du -sh`).',
            'For Prometheus: retention vs. volume size; for Elasticsearch: index sizes (`_cat/indices?s=store.size:desc`).',
          ],
          mitigate: [
            'Expand the PVC (the EBS gp3 StorageClass allows expansion): raise the size in config and apply; the filesystem grows online.',
            'Free space: shorten retention, delete old indices, or remove stray files.',
          ],
        },
        fires: { series: pvc('2x10', '100x10'), at: '5m', labels: pvcLabels },
        silent: { series: pvc('50x10', '100x10'), at: '5m' },
      },
      {
        alert: 'KubePersistentVolumeFillingUpPredicted',
        expr: `(kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}} < ${t.pvcFreePercentWarning / 100}) and predict_linear(kubelet_volume_stats_available_bytes{${kubelet}}[6h], 4 * 24 * 3600) < 0 ${notReadOnly}`,
        for: '1h',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will fill up within four days.',
        description: `PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ${t.pvcFreePercentWarning}% free space and, at the growth rate of the last 6 hours, will be full within four days.`,
        runbook: {
          meaning: 'A volume is filling steadily and will be full within days.',
          check: ['Graph `kubelet_volume_stats_available_bytes` for the claim over a week to see the trend and what changed.'],
          mitigate: ['Expand the volume in config before it fills, or reduce the data written/retained.'],
        },
        fires: { series: pvc('14-0.01x80', '100x80'), at: '70m', labels: pvcLabels },
        silent: { series: pvc('14x80', '100x80'), at: '70m' },
      },
      {
        alert: 'KubePersistentVolumeInodesFillingUp',
        expr: `(kubelet_volume_stats_inodes_free{${kubelet}} / kubelet_volume_stats_inodes{${kubelet}} < 0.03) ${notReadOnly}`,
        for: '1m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is running out of inodes.',
        description: 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 3% free inodes; no new files can be created soon.',
        runbook: {
          meaning: 'Many small files exhausted the inodes even though bytes may be free.',
          check: ['`kubectl -n <namespace> exec <pod> -- df -i <mount>` and find directories with many files.'],
          mitigate: ['Delete the small files (stale temp files, WAL segments) or move to a bigger volume (inodes scale with size on ext4).'],
        },
        fires: {
          series: [
            { series: `kubelet_volume_stats_inodes_free{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '10x10' },
            { series: `kubelet_volume_stats_inodes{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '1000x10' },
          ],
          at: '5m',
          labels: { namespace: 'monitoring', persistentvolumeclaim: 'prometheus-db', job: 'kubelet' },
        },
        silent: {
          series: [
            { series: `kubelet_volume_stats_inodes_free{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '900x10' },
            { series: `kubelet_volume_stats_inodes{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '1000x10' },
          ],
          at: '5m',
        },
      },
      {
        alert: 'KubePersistentVolumeErrors',
        expr: `kube_persistentvolume_status_phase{${ksm}, phase=~"Failed|Pending"} > 0`,
        for: '5m',
        severity: 'critical',
        summary: 'PersistentVolume {{ $labels.persistentvolume }} is {{ $labels.phase }}.',
        description: 'PersistentVolume {{ $labels.persistentvolume }} has been in phase {{ $labels.phase }} for 5 minutes; the pod using it cannot start.',
        runbook: {
          meaning: 'A volume could not be provisioned or was lost.',
          check: ['`kubectl describe pv <persistentvolume>` and the EBS CSI controller logs in kube-system.'],
          mitigate: ['Fix the provisioning error (IAM permission, zone, quota); a Failed volume must be recreated from backup/snapshot.'],
        },
        fires: {
          series: [{ series: `kube_persistentvolume_status_phase{${ksm}, persistentvolume="pvc-123", phase="Failed"}`, values: '1x10' }],
          at: '10m',
          labels: { persistentvolume: 'pvc-123', phase: 'Failed', job: 'kube-state-metrics' },
        },
        silent: {
          series: [{ series: `kube_persistentvolume_status_phase{${ksm}, persistentvolume="pvc-123", phase="Failed"}`, values: '0x10' }],
          at: '10m',
        },
      },
      {
        alert: 'CPUThrottlingHigh',
        expr: `namespace_pod_container:container_cpu_cfs_throttled:ratio_rate5m > ${t.cpuThrottlingPercent / 100}`,
        for: '15m',
        severity: 'info',
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is heavily CPU-throttled.',
        description: `More than ${t.cpuThrottlingPercent}% of CFS periods of container {{ $labels.container }} in pod {{ $labels.namespace }}/{{ $labels.pod }} were throttled over 5 minutes.`,
        runbook: {
          meaning: 'The container hits its CPU limit often, adding latency. This stack sets no CPU limits, so this concerns catalog services or third-party pods that do.',
          check: ['Compare CPU usage with the CPU limit of the container; check p99 latency of the service.'],
          mitigate: ['Remove the CPU limit (keep the request) or raise it; it is informational unless latency suffers.'],
        },
        fires: {
          series: [
            { series: `container_cpu_cfs_throttled_periods_total{${cadvisor}, namespace="shop", pod="checkout-1", container="app"}`, values: '0+50x30' },
            { series: `container_cpu_cfs_periods_total{${cadvisor}, namespace="shop", pod="checkout-1", container="app"}`, values: '0+100x30' },
          ],
          at: '25m',
          labels: { namespace: 'shop', pod: 'checkout-1', container: 'app' },
        },
        silent: {
          series: [
            { series: `container_cpu_cfs_throttled_periods_total{${cadvisor}, namespace="shop", pod="checkout-1", container="app"}`, values: '0+5x30' },
            { series: `container_cpu_cfs_periods_total{${cadvisor}, namespace="shop", pod="checkout-1", container="app"}`, values: '0+100x30' },
          ],
          at: '25m',
        },
      },
      overcommit('cpu'),
      overcommit('memory'),
      {
        alert: 'KubeQuotaAlmostFull',
        expr: `kube_resourcequota{${ksm}, type="used"} / ignoring (type) (kube_resourcequota{${ksm}, type="hard"} > 0) > 0.9 < 1`,
        for: '15m',
        severity: 'info',
        summary: 'Namespace {{ $labels.namespace }} is close to its {{ $labels.resource }} quota.',
        description: 'Namespace {{ $labels.namespace }} uses more than 90% of its {{ $labels.resource }} quota.',
        runbook: {
          meaning: 'New pods in the namespace will soon be rejected by the ResourceQuota.',
          check: ['`kubectl -n <namespace> describe resourcequota`.'],
          mitigate: ['Raise the quota or reduce usage before the next rollout needs headroom.'],
        },
        fires: {
          series: [
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="used"}`, values: '95x30' },
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="hard"}`, values: '100x30' },
          ],
          at: '20m',
          labels: { namespace: 'shop', resourcequota: 'q', resource: 'pods', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="used"}`, values: '50x30' },
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="hard"}`, values: '100x30' },
          ],
          at: '20m',
        },
      },
      {
        alert: 'KubeQuotaExceeded',
        expr: `kube_resourcequota{${ksm}, type="used"} / ignoring (type) (kube_resourcequota{${ksm}, type="hard"} > 0) > 1`,
        for: '15m',
        severity: 'warning',
        summary: 'Namespace {{ $labels.namespace }} exceeds its {{ $labels.resource }} quota.',
        description: 'Namespace {{ $labels.namespace }} uses more {{ $labels.resource }} than its quota allows; new pods are rejected.',
        runbook: {
          meaning: 'The quota was lowered below current usage, or usage grew past it; new pods fail admission.',
          check: ['`kubectl -n <namespace> describe resourcequota` and the ReplicaSet events ("exceeded quota").'],
          mitigate: ['Raise the quota or scale something down.'],
        },
        fires: {
          series: [
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="used"}`, values: '120x30' },
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="hard"}`, values: '100x30' },
          ],
          at: '20m',
          labels: { namespace: 'shop', resourcequota: 'q', resource: 'pods', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="used"}`, values: '95x30' },
            { series: `kube_resourcequota{${ksm}, namespace="shop", resourcequota="q", resource="pods", type="hard"}`, values: '100x30' },
          ],
          at: '20m',
        },
      },
      {
        alert: 'KubeNodeNotReady',
        expr: `kube_node_status_condition{${ksm}, condition="Ready", status="true"} == 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.node }} is not ready.',
        description: 'Node {{ $labels.node }} has reported not ready for more than 15 minutes.',
        runbook: {
          meaning: 'The kubelet of a node stopped reporting ready: its pods are being evicted or are unreachable.',
          check: ['`kubectl describe node <node>` (Conditions, Events).', 'In the EC2 console: instance status checks of that node.'],
          mitigate: ['Cordon and drain it; terminate the instance so the Auto Scaling group replaces it.'],
        },
        fires: {
          series: [{ series: `kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="Ready", status="true"}`, values: '0x30' }],
          at: '20m',
          labels: { node: 'ip-10-0-1-1', condition: 'Ready', status: 'true', job: 'kube-state-metrics' },
        },
        silent: {
          series: [{ series: `kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="Ready", status="true"}`, values: '1x30' }],
          at: '20m',
        },
      },
      {
        alert: 'KubeNodeUnreachable',
        expr: `kube_node_spec_taint{${ksm}, key="node.kubernetes.io/unreachable", effect="NoSchedule"} == 1`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.node }} is unreachable.',
        description: 'Node {{ $labels.node }} has carried the unreachable taint for 15 minutes; its workloads are being rescheduled.',
        runbook: {
          meaning: 'The control plane lost contact with the node.',
          check: ['EC2 instance state and VPC networking of the node; `kubectl describe node <node>`.'],
          mitigate: ['Terminate the instance so the node group replaces it.'],
        },
        fires: {
          series: [{ series: `kube_node_spec_taint{${ksm}, node="ip-10-0-1-2", key="node.kubernetes.io/unreachable", effect="NoSchedule"}`, values: '1x30' }],
          at: '20m',
          labels: { node: 'ip-10-0-1-2', key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', job: 'kube-state-metrics' },
        },
        silent: { series: [{ series: `kube_node_spec_taint{${ksm}, node="ip-10-0-1-2", key="node.kubernetes.io/unreachable", effect="NoSchedule"}`, values: '_x30' }], at: '20m' },
      },
      {
        alert: 'KubeletTooManyPods',
        expr: `count by (node) (max by (node, namespace, pod) (kube_pod_info{${ksm}, node!=""})) / max by (node) (kube_node_status_capacity{${ksm}, resource="pods"} != 1) > 0.95`,
        for: '15m',
        severity: 'info',
        summary: 'Node {{ $labels.node }} is close to its pod limit.',
        description: 'Node {{ $labels.node }} runs more than 95% of the pods it can hold (on EKS the limit follows the ENI/IP capacity of the instance type).',
        runbook: {
          meaning: 'The node cannot take more pods; scheduling will use other nodes or fail.',
          check: ['`kubectl describe node <node>` (Capacity pods vs. Non-terminated Pods).'],
          mitigate: ['Use larger instance types or enable prefix delegation in the VPC CNI; add nodes.'],
        },
        fires: {
          series: [
            { series: `kube_pod_info{${ksm}, node="n1", namespace="a", pod="p1"}`, values: '1x30' },
            { series: `kube_pod_info{${ksm}, node="n1", namespace="a", pod="p2"}`, values: '1x30' },
            { series: `kube_node_status_capacity{${ksm}, node="n1", resource="pods"}`, values: '2x30' },
          ],
          at: '20m',
          labels: { node: 'n1' },
        },
        silent: {
          series: [
            { series: `kube_pod_info{${ksm}, node="n1", namespace="a", pod="p1"}`, values: '1x30' },
            { series: `kube_node_status_capacity{${ksm}, node="n1", resource="pods"}`, values: '10x30' },
          ],
          at: '20m',
        },
      },
      {
        alert: 'KubeNodeReadinessFlapping',
        expr: `sum by (node) (changes(kube_node_status_condition{${ksm}, status="true", condition="Ready"}[15m])) > 2`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.node }} readiness is flapping.',
        description: 'The Ready condition of node {{ $labels.node }} changed more than twice in 15 minutes.',
        runbook: {
          meaning: 'The node alternates between ready and not ready, which causes evictions and churn.',
          check: ['kubelet and containerd logs of the node (SSM Session Manager), memory/disk pressure conditions.'],
          mitigate: ['Drain and replace the node.'],
        },
        fires: {
          series: [{ series: `kube_node_status_condition{${ksm}, node="n1", condition="Ready", status="true"}`, values: '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1' }],
          at: '33m',
          labels: { node: 'n1' },
        },
        silent: { series: [{ series: `kube_node_status_condition{${ksm}, node="n1", condition="Ready", status="true"}`, values: '1x35' }], at: '33m' },
      },
    ],
  };
}

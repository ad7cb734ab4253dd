/** Kubernetes capacity: volumes, CPU throttling, overcommit, quotas and node conditions (kube-state-metrics, kubelet, cAdvisor). */
import type { AlertContext, AlertDefinition, RuleGroup, Runbook, TestSeries } from './types.js';

export function capacityRules(ctx: AlertContext): RuleGroup {
  const { kubeStateMetrics: ksm, kubelet, cadvisor } = ctx.selectors;
  const t = ctx.thresholds;
  const pvc = (avail: string, cap: string) => [
    { series: `kubelet_volume_stats_available_bytes{${kubelet}, namespace="logging", persistentvolumeclaim="data-es-0"}`, values: avail },
    { series: `kubelet_volume_stats_capacity_bytes{${kubelet}, namespace="logging", persistentvolumeclaim="data-es-0"}`, values: cap },
  ];
  const pvcLabels = { namespace: 'logging', persistentvolumeclaim: 'data-es-0', job: 'kubelet', metrics_path: '/metrics' };
  const pvcUsed = (values: string): TestSeries => ({ series: `kubelet_volume_stats_used_bytes{${kubelet}, namespace="logging", persistentvolumeclaim="data-es-0"}`, values });
  // Read-only volumes cannot fill; a claim labelled excluded_from_alerts=true (kube-state-metrics exports it as
  // label_excluded_from_alerts when allowed by --metric-labels-allowlist) opts out. Neither is selected by job: the
  // PVC series come from kube-state-metrics whatever its job is called.
  const notReadOnly = `unless on (cluster, namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{access_mode="ReadOnlyMany"} == 1 unless on (cluster, namespace, persistentvolumeclaim) kube_persistentvolumeclaim_labels{label_excluded_from_alerts="true"} == 1`;
  const optOut: TestSeries = { series: `kube_persistentvolumeclaim_labels{${ksm}, namespace="logging", persistentvolumeclaim="data-es-0", label_excluded_from_alerts="true"}`, values: '1x90' };
  const pvFillingUp: Runbook = {
    meaning: 'A volume is nearly full (critical: under the critical free-space threshold) or filling steadily and will be full within four days at the growth rate of the last 6 hours (warning). The application writing to it will fail (Prometheus stops ingesting, Elasticsearch blocks indices). Read-only volumes and claims labelled `excluded_from_alerts: "true"` are excluded.',
    check: [
      '`kubectl -n <namespace> exec <pod> -- df -h <mount>` to confirm, and see what grew (`du -sh`).',
      'For Prometheus: retention vs. volume size; for Elasticsearch: index sizes (`_cat/indices?s=store.size:desc`).',
    ],
    mitigate: [
      'Expand the PVC (the EBS gp3 StorageClass allows expansion): raise the size in config and apply; the filesystem grows online.',
      'Free space: shorten retention, delete old indices, or remove stray files.',
    ],
  };
  const pvInodes: Runbook = {
    meaning: 'Many small files are exhausting the inodes of a volume even though bytes may be free: under 3% free (critical), or under 15% and running out within four days at the rate of the last 6 hours (warning). No new files can be created once they are gone.',
    check: ['`kubectl -n <namespace> exec <pod> -- df -i <mount>` and find directories with many files.'],
    mitigate: ['Delete the small files (stale temp files, WAL segments) or move to a bigger volume (inodes scale with size on ext4).'],
  };
  const inodes = (free: string, used: string): TestSeries[] => [
    { series: `kubelet_volume_stats_inodes_free{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: free },
    { series: `kubelet_volume_stats_inodes{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '1000x90' },
    { series: `kubelet_volume_stats_inodes_used{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: used },
  ];
  /** Requests exceed what the cluster could schedule after losing its largest node. */
  const overcommit = (resource: 'cpu' | 'memory'): AlertDefinition => {
    const allocatable = `kube_node_status_allocatable{${ksm}, resource="${resource}"}`;
    // Upstream's expression as is. Its first branch (clusters with fewer than 3 control-plane nodes: requests beyond
    // all allocatable) never applies on EKS, whose control plane has no nodes; the second does: requests must still
    // fit after losing the largest node (one-node clusters are skipped).
    const requested = `sum(namespace_${resource}:kube_pod_container_resource_requests:sum)`;
    const nonHa = `((${requested} - sum(${allocatable}) > 0) and count(max by (node) (kube_node_role{${ksm}, role="control-plane"})) < 3)`;
    const ha = `(${requested} - ((sum(${allocatable}) - max(${allocatable})) > 0) > 0)`;
    const series = (requested: string): TestSeries[] => [
      { series: `kube_pod_container_resource_requests{${ksm}, namespace="shop", pod="a", container="app", resource="${resource}"}`, values: requested },
      { series: `kube_pod_status_phase{${ksm}, namespace="shop", pod="a", phase="Running"}`, values: '1x20' },
      { series: `kube_node_status_allocatable{${ksm}, node="n1", resource="${resource}"}`, values: '4x20' },
      { series: `kube_node_status_allocatable{${ksm}, node="n2", resource="${resource}"}`, values: '4x20' },
    ];
    const title = resource === 'cpu' ? 'CPU' : 'memory';
    return {
      alert: resource === 'cpu' ? 'KubeCPUOvercommit' : 'KubeMemoryOvercommit',
      ticket: true,
      expr: `${nonHa} or ${ha}`,
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
    // Every minute rather than every global cycle (30 s): the group's windows are long (predict_linear over 6h,
    // changes over 15m), its alerts wait 10m-1h before firing (the critical volume ones 1m), and requests, limits,
    // quotas and capacities change only when pods or nodes do. Upstream evaluates its long-window groups less often
    // in the same way (kube-apiserver-availability.rules every 3m). Alerts fire at most 30 s later; docs/alerting.md.
    interval: '1m',
    recordingRules: [
      ...(['cpu', 'memory'] as const).flatMap((resource) =>
        (['requests', 'limits'] as const).flatMap((kind) => [
          {
            // per container of every Pending or Running pod (upstream k8s.rules.container_<resource>_<kind>); the pod
            // phase is a filter (`and`) where upstream multiplies by `max by (pod) (phase == 1)`: same series, same
            // values, no aggregation
            record: `cluster:namespace:pod_${resource}:active:kube_pod_container_resource_${kind}`,
            expr: `kube_pod_container_resource_${kind}{${ksm}, resource="${resource}"} and on (namespace, pod, cluster) kube_pod_status_phase{phase=~"Pending|Running"} == 1`,
          },
          {
            // summed from the record above rather than joining the pod phase a second time (max: one series per
            // container even if two kube-state-metrics replicas export it, as upstream)
            record: `namespace_${resource}:kube_pod_container_resource_${kind}:sum`,
            expr: `sum by (namespace, cluster) (max by (namespace, pod, container, cluster) (cluster:namespace:pod_${resource}:active:kube_pod_container_resource_${kind}))`,
          },
        ]),
      ),
    ],
    alerts: [
      {
        alert: 'KubePersistentVolumeFillingUp',
        // used_bytes > 0: a volume the kubelet reports as empty (stats not collected yet) is not full.
        expr: `(kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}} < ${t.pvcFreePercentCritical / 100}) and kubelet_volume_stats_used_bytes{${kubelet}} > 0 ${notReadOnly}`,
        for: '1m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full.',
        description: `PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ${t.pvcFreePercentCritical}% free space.`,
        runbook: pvFillingUp,
        fires: { series: [...pvc('2x10', '100x10'), pvcUsed('98x10')], at: '5m', labels: pvcLabels },
        silent: { series: [...pvc('50x10', '100x10'), pvcUsed('50x10')], at: '5m' },
        scenarios: [
          { name: 'a claim labelled excluded_from_alerts=true (opt-out)', series: [...pvc('2x10', '100x10'), pvcUsed('98x10'), optOut], at: '5m', fires: false },
          { name: 'a volume whose stats report 0 bytes used (not collected yet)', series: [...pvc('0x10', '100x10'), pvcUsed('0x10')], at: '5m', fires: false },
          {
            name: 'a ReadOnlyMany volume (cannot fill)',
            series: [...pvc('2x10', '100x10'), pvcUsed('98x10'), { series: `kube_persistentvolumeclaim_access_mode{${ksm}, namespace="logging", persistentvolumeclaim="data-es-0", access_mode="ReadOnlyMany"}`, values: '1x10' }],
            at: '5m',
            fires: false,
          },
        ],
      },
      {
        // upstream's warning-level KubePersistentVolumeFillingUp (same name, so public runbooks apply)
        alert: 'KubePersistentVolumeFillingUp',
        expr: `(kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}} < ${t.pvcFreePercentWarning / 100}) and kubelet_volume_stats_used_bytes{${kubelet}} > 0 and predict_linear(kubelet_volume_stats_available_bytes{${kubelet}}[6h], 4 * 24 * 3600) < 0 ${notReadOnly}`,
        for: '1h',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will fill up within four days.',
        description: `PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ${t.pvcFreePercentWarning}% free space and, at the growth rate of the last 6 hours, will be full within four days.`,
        runbook: pvFillingUp,
        fires: { series: [...pvc('14-0.01x80', '100x80'), pvcUsed('86+0.01x80')], at: '70m', labels: pvcLabels },
        silent: { series: [...pvc('14x80', '100x80'), pvcUsed('86x80')], at: '70m' },
        scenarios: [{ name: 'a claim labelled excluded_from_alerts=true (opt-out)', series: [...pvc('14-0.01x80', '100x80'), pvcUsed('86+0.01x80'), optOut], at: '70m', fires: false }],
      },
      {
        alert: 'KubePersistentVolumeInodesFillingUp',
        expr: `(kubelet_volume_stats_inodes_free{${kubelet}} / kubelet_volume_stats_inodes{${kubelet}} < 0.03) and kubelet_volume_stats_inodes_used{${kubelet}} > 0 ${notReadOnly}`,
        for: '1m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is running out of inodes.',
        description: 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 3% free inodes; no new files can be created soon.',
        runbook: pvInodes,
        fires: {
          series: [
            { series: `kubelet_volume_stats_inodes_free{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '10x10' },
            { series: `kubelet_volume_stats_inodes{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '1000x10' },
            { series: `kubelet_volume_stats_inodes_used{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '990x10' },
          ],
          at: '5m',
          labels: { namespace: 'monitoring', persistentvolumeclaim: 'prometheus-db', job: 'kubelet', metrics_path: '/metrics' },
        },
        silent: {
          series: [
            { series: `kubelet_volume_stats_inodes_free{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '900x10' },
            { series: `kubelet_volume_stats_inodes{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '1000x10' },
            { series: `kubelet_volume_stats_inodes_used{${kubelet}, namespace="monitoring", persistentvolumeclaim="prometheus-db"}`, values: '100x10' },
          ],
          at: '5m',
        },
      },
      {
        alert: 'KubePersistentVolumeInodesFillingUp',
        expr: `(kubelet_volume_stats_inodes_free{${kubelet}} / kubelet_volume_stats_inodes{${kubelet}} < 0.15) and kubelet_volume_stats_inodes_used{${kubelet}} > 0 and predict_linear(kubelet_volume_stats_inodes_free{${kubelet}}[6h], 4 * 24 * 3600) < 0 ${notReadOnly}`,
        for: '1h',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will run out of inodes within four days.',
        description: 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% free inodes and, at the rate of the last 6 hours, runs out within four days.',
        runbook: pvInodes,
        fires: { series: inodes('140-1x90', '860+1x90'), at: '70m', labels: { namespace: 'monitoring', persistentvolumeclaim: 'prometheus-db', job: 'kubelet', metrics_path: '/metrics' } },
        silent: { series: inodes('140x90', '860x90'), at: '70m' },
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
        expr: `sum without (id, metrics_path, name, image, endpoint, job, node) (topk by (cluster, namespace, pod, container, instance) (1, increase(container_cpu_cfs_throttled_periods_total{${cadvisor}, container!=""}[5m]))) / on (cluster, namespace, pod, container, instance) group_left sum without (id, metrics_path, name, image, endpoint, job, node) (topk by (cluster, namespace, pod, container, instance) (1, increase(container_cpu_cfs_periods_total{${cadvisor}}[5m]))) > ${t.cpuThrottlingPercent / 100}`,
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
        expr: `topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="used"})) / on (cluster, namespace, resource, resourcequota) group_left () topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="hard"}) > 0) > 0.9 < 1`,
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
          labels: { namespace: 'shop', resourcequota: 'q', resource: 'pods' },
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
        ticket: true,
        expr: `topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="used"})) / on (cluster, namespace, resource, resourcequota) group_left () topk by (cluster, namespace, resource, resourcequota) (1, max without (instance, job, type) (kube_resourcequota{${ksm}, type="hard"}) > 0) > 1`,
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
          labels: { namespace: 'shop', resourcequota: 'q', resource: 'pods' },
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
        // not for cordoned nodes: a node being drained or replaced (EKS upgrades, Karpenter/ASG scale-in) goes not
        // ready on purpose
        expr: `kube_node_status_condition{${ksm}, condition="Ready", status="true"} == 0 and on (cluster, node) kube_node_spec_unschedulable{${ksm}} == 0`,
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
          series: [
            { series: `kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="Ready", status="true"}`, values: '0x30' },
            { series: `kube_node_spec_unschedulable{${ksm}, node="ip-10-0-1-1"}`, values: '0x30' },
          ],
          at: '20m',
          labels: { node: 'ip-10-0-1-1', condition: 'Ready', status: 'true', job: 'kube-state-metrics' },
        },
        silent: {
          series: [
            { series: `kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="Ready", status="true"}`, values: '1x30' },
            { series: `kube_node_spec_unschedulable{${ksm}, node="ip-10-0-1-1"}`, values: '0x30' },
          ],
          at: '20m',
        },
        scenarios: [
          {
            name: 'a cordoned node being drained and terminated during a node-group upgrade',
            series: [
              { series: `kube_node_status_condition{${ksm}, node="ip-10-0-1-1", condition="Ready", status="true"}`, values: '1x5 0x25' },
              { series: `kube_node_spec_unschedulable{${ksm}, node="ip-10-0-1-1"}`, values: '1x30' },
            ],
            at: '25m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeNodeUnreachable',
        // not for nodes being removed on purpose: the cluster autoscaler's and the AWS node termination handler's taints
        expr: `(kube_node_spec_taint{${ksm}, key="node.kubernetes.io/unreachable", effect="NoSchedule"} unless ignoring (key, value) kube_node_spec_taint{${ksm}, key=~"ToBeDeletedByClusterAutoscaler|karpenter.sh/disrupted|aws-node-termination-handler/.+"}) == 1`,
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
        scenarios: [
          {
            name: 'a spot node being terminated (termination-handler taint next to the unreachable one)',
            series: [
              { series: `kube_node_spec_taint{${ksm}, node="ip-10-0-1-2", key="node.kubernetes.io/unreachable", effect="NoSchedule"}`, values: '1x30' },
              { series: `kube_node_spec_taint{${ksm}, node="ip-10-0-1-2", key="aws-node-termination-handler/spot-itn", effect="NoSchedule", value="1"}`, values: '1x30' },
            ],
            at: '20m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeletTooManyPods',
        // Pods the kubelet runs, not every pod bound to the node: completed (Succeeded/Failed) pods stay bound until
        // garbage collection but take no pod slot.
        expr: `(max by (cluster, instance) (kubelet_running_pods{${kubelet}} > 1) * on (cluster, instance) group_left (node) max by (cluster, instance, node) (kubelet_node_name{${kubelet}})) / on (cluster, node) group_left () max by (cluster, node) (kube_node_status_capacity{${ksm}, resource="pods"} != 1) > 0.95`,
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
            { series: `kubelet_running_pods{${kubelet}, instance="10.0.1.1:10250"}`, values: '29x30' },
            { series: `kubelet_node_name{${kubelet}, instance="10.0.1.1:10250", node="n1"}`, values: '1x30' },
            { series: `kube_node_status_capacity{${ksm}, node="n1", resource="pods"}`, values: '29x30' },
          ],
          at: '20m',
          labels: { instance: '10.0.1.1:10250', node: 'n1' },
        },
        silent: {
          series: [
            { series: `kubelet_running_pods{${kubelet}, instance="10.0.1.1:10250"}`, values: '10x30' },
            { series: `kubelet_node_name{${kubelet}, instance="10.0.1.1:10250", node="n1"}`, values: '1x30' },
            { series: `kube_node_status_capacity{${ksm}, node="n1", resource="pods"}`, values: '29x30' },
          ],
          at: '20m',
        },
        scenarios: [
          {
            name: 'a node with 29 pods bound of which 20 are completed Job pods (9 running)',
            series: [
              ...Array.from({ length: 29 }, (_, i) => ({ series: `kube_pod_info{${ksm}, node="n1", namespace="batch", pod="p${i}"}`, values: '1x30' })),
              { series: `kubelet_running_pods{${kubelet}, instance="10.0.1.1:10250"}`, values: '9x30' },
              { series: `kubelet_node_name{${kubelet}, instance="10.0.1.1:10250", node="n1"}`, values: '1x30' },
              { series: `kube_node_status_capacity{${ksm}, node="n1", resource="pods"}`, values: '29x30' },
            ],
            at: '20m',
            fires: false,
          },
        ],
      },
      {
        alert: 'KubeNodeReadinessFlapping',
        expr: `sum by (cluster, node) (changes(kube_node_status_condition{${ksm}, status="true", condition="Ready"}[15m])) > 2 and on (cluster, node) kube_node_spec_unschedulable{${ksm}} == 0`,
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
          series: [
            { series: `kube_node_status_condition{${ksm}, node="n1", condition="Ready", status="true"}`, values: '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1' },
            { series: `kube_node_spec_unschedulable{${ksm}, node="n1"}`, values: '0x35' },
          ],
          at: '33m',
          labels: { node: 'n1' },
        },
        silent: {
          series: [
            { series: `kube_node_status_condition{${ksm}, node="n1", condition="Ready", status="true"}`, values: '1x35' },
            { series: `kube_node_spec_unschedulable{${ksm}, node="n1"}`, values: '0x35' },
          ],
          at: '33m',
        },
      },
    ],
  };
}

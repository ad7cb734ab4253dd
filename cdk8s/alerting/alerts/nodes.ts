/** Nodes: filesystem, memory, CPU, network and clock (node-exporter). */
import { NODE_RECORDED, nodeRecordingRules } from '../../lib/node-rules.js';
import type { AlertContext, AlertDefinition, RuleGroup, TestSeries } from './types.js';

export function nodeRules(ctx: AlertContext): RuleGroup {
  const ne = ctx.selectors.nodeExporter;
  const t = ctx.thresholds;
  const fsSel = `${ne}, fstype!="", mountpoint!=""`;
  const fs = (avail: string, size: string, ro = '0x80'): TestSeries[] => [
    { series: `node_filesystem_avail_bytes{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: avail },
    { series: `node_filesystem_size_bytes{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: size },
    { series: `node_filesystem_readonly{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: ro },
  ];
  const files = (free: string): TestSeries[] => [
    { series: `node_filesystem_files_free{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: free },
    { series: `node_filesystem_files{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: '1000x80' },
    { series: `node_filesystem_readonly{${ne}, instance="n1", device="/dev/nvme0n1p1", fstype="xfs", mountpoint="/"}`, values: '0x80' },
  ];
  const fsLabels = { instance: 'n1', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/', job: 'node-exporter' };
  const mem = (avail: string): TestSeries[] => [
    { series: `node_memory_MemAvailable_bytes{${ne}, instance="n1"}`, values: avail },
    { series: `node_memory_MemTotal_bytes{${ne}, instance="n1"}`, values: '100x60' },
  ];
  const cpu = (idlePerSec: number): TestSeries[] => [
    { series: `node_cpu_seconds_total{${ne}, instance="n1", cpu="0", mode="idle"}`, values: `0+${idlePerSec * 60}x60` },
    { series: `node_cpu_seconds_total{${ne}, instance="n1", cpu="0", mode="user"}`, values: `0+${(1 - idlePerSec) * 60}x60` },
  ];
  /** More than 1% of packets in one direction fail on an interface. */
  const networkErrors = (direction: 'receive' | 'transmit'): AlertDefinition => {
    const series = (errors: string): TestSeries[] => [
      { series: `node_network_${direction}_errs_total{${ne}, instance="n1", device="eth0"}`, values: errors },
      { series: `node_network_${direction}_packets_total{${ne}, instance="n1", device="eth0"}`, values: '0+1000x90' },
    ];
    const verb = direction === 'receive' ? 'received' : 'sent';
    return {
      alert: direction === 'receive' ? 'NodeNetworkReceiveErrs' : 'NodeNetworkTransmitErrs',
      expr: `rate(node_network_${direction}_errs_total{${ne}}[2m]) / rate(node_network_${direction}_packets_total{${ne}}[2m]) > 0.01`,
      for: '1h',
      severity: 'warning',
      summary: `Network interface {{ $labels.device }} on {{ $labels.instance }} has ${direction} errors.`,
      description: `More than 1% of packets ${verb} on {{ $labels.device }} of {{ $labels.instance }} had errors over the last hour.`,
      runbook: {
        meaning: `The network interface fails to ${direction === 'receive' ? 'receive' : 'send'} packets correctly.`,
        check: ['`ip -s link show <device>` and `ethtool -S <device>` on the node (ENA "allowance exceeded" counters).'],
        mitigate: ['If ENA allowances are exceeded, use a larger instance type; otherwise replace the node.'],
      },
      fires: { series: series('0+100x90'), at: '80m', labels: { instance: 'n1', device: 'eth0', job: 'node-exporter' } },
      silent: { series: series('0x90'), at: '80m' },
    };
  };
  return {
    name: 'nodes',
    recordingRules: nodeRecordingRules(ne),
    alerts: [
      {
        alert: 'NodeFilesystemSpaceFillingUp',
        expr: `(node_filesystem_avail_bytes{${fsSel}} / node_filesystem_size_bytes{${fsSel}} * 100 < ${t.nodeFilesystemFreePercentWarning} and predict_linear(node_filesystem_avail_bytes{${fsSel}}[6h], 24 * 3600) < 0 and node_filesystem_readonly{${fsSel}} == 0)`,
        for: '1h',
        severity: 'warning',
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} will fill up within 24 hours.',
        description: `Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has less than ${t.nodeFilesystemFreePercentWarning}% space left and is predicted to fill up within 24 hours.`,
        runbook: {
          meaning: 'A node filesystem (usually the root volume holding images and container logs) fills steadily.',
          check: ['Open a shell on the node with SSM; `df -h`, `du -xsh /var/lib/containerd /var/log/pods`.', 'Is one pod writing huge logs to stdout?'],
          mitigate: ['Fix the noisy pod; the kubelet garbage-collects images at its thresholds. Raise the node volume size in the launch template.'],
        },
        fires: { series: fs('10-0.02x80', '100x80'), at: '75m', labels: fsLabels },
        silent: { series: fs('10x80', '100x80'), at: '75m' },
      },
      {
        alert: 'NodeFilesystemAlmostOutOfSpace',
        expr: `(node_filesystem_avail_bytes{${fsSel}} / node_filesystem_size_bytes{${fsSel}} * 100 < ${t.nodeFilesystemFreePercentCritical} and node_filesystem_readonly{${fsSel}} == 0)`,
        for: '30m',
        severity: 'critical',
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is almost full.',
        description: `Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has less than ${t.nodeFilesystemFreePercentCritical}% space left.`,
        runbook: {
          meaning: 'The node is about to hit disk pressure: the kubelet will evict pods and new containers cannot start.',
          check: ['`kubectl describe node <node>` for DiskPressure; `df -h` on the node.'],
          mitigate: ['Cordon and drain the node, then replace it; find and fix what filled it (see NodeFilesystemSpaceFillingUp).'],
        },
        fires: { series: fs('3x80', '100x80'), at: '40m', labels: fsLabels },
        silent: { series: fs('30x80', '100x80'), at: '40m' },
      },
      {
        alert: 'NodeFilesystemFilesFillingUp',
        expr: `(node_filesystem_files_free{${fsSel}} / node_filesystem_files{${fsSel}} * 100 < 20 and predict_linear(node_filesystem_files_free{${fsSel}}[6h], 24 * 3600) < 0 and node_filesystem_readonly{${fsSel}} == 0)`,
        for: '1h',
        severity: 'warning',
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} will run out of inodes within 24 hours.',
        description: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} has less than 20% inodes left and is predicted to run out within 24 hours.',
        runbook: {
          meaning: 'Something creates many small files on the node.',
          check: ['`df -i` on the node; find the directory with `find / -xdev -type d -size +1M`.'],
          mitigate: ['Remove the files and fix the producer; replace the node if needed.'],
        },
        fires: { series: files('150-0.2x80'), at: '75m', labels: fsLabels },
        silent: { series: files('150x80'), at: '75m' },
      },
      {
        alert: 'NodeFilesystemAlmostOutOfFiles',
        expr: `(node_filesystem_files_free{${fsSel}} / node_filesystem_files{${fsSel}} * 100 < 3 and node_filesystem_readonly{${fsSel}} == 0)`,
        for: '1h',
        severity: 'critical',
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is almost out of inodes.',
        description: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} has less than 3% inodes left.',
        runbook: {
          meaning: 'New files cannot be created on the node soon; containers fail to start.',
          check: ['`df -i` on the node.'],
          mitigate: ['Drain and replace the node; fix the workload creating many files.'],
        },
        fires: { series: files('20x80'), at: '70m', labels: fsLabels },
        silent: { series: files('500x80'), at: '70m' },
      },
      {
        alert: 'NodeFilesystemReadOnly',
        expr: `(node_filesystem_readonly{${fsSel}} == 1) and on (instance, device, mountpoint) (min_over_time(node_filesystem_readonly{${fsSel}}[6h]) == 0)`,
        for: '5m',
        severity: 'critical',
        summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} turned read-only.',
        description: 'Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} was writable within the last 6 hours and is now read-only, usually after an I/O error.',
        runbook: {
          meaning: 'The kernel remounted the filesystem read-only after errors; pods on the node cannot write.',
          check: ['`dmesg | grep -i -e error -e ext4 -e xfs` on the node; EBS volume status in the EC2 console.'],
          mitigate: ['Drain the node and terminate the instance; do not try to fsck a live root volume.'],
        },
        fires: { series: fs('50x60', '100x60', '0x10 1x50'), at: '30m', labels: fsLabels },
        silent: { series: fs('50x60', '100x60', '1x60'), at: '30m' },
      },
      {
        alert: 'NodeMemoryHighUtilization',
        expr: `${NODE_RECORDED.memory} * 100 > ${t.nodeMemoryUsedPercent}`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.instance }} is running out of memory.',
        description: `Memory on {{ $labels.instance }} has been more than ${t.nodeMemoryUsedPercent}% used for 15 minutes.`,
        runbook: {
          meaning: 'The node is close to memory pressure: the kubelet evicts pods and the OOM killer may act.',
          check: ['`kubectl top pods -A --sort-by=memory` for pods on the node; pods without memory limits.'],
          mitigate: ['Set memory limits on the offending pods, move them, or add nodes.'],
        },
        fires: { series: mem('5x60'), at: '30m', labels: { instance: 'n1', job: 'node-exporter' } },
        silent: { series: mem('50x60'), at: '30m' },
      },
      {
        alert: 'NodeMemoryMajorPagesFaults',
        expr: `rate(node_vmstat_pgmajfault{${ne}}[5m]) > 500`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.instance }} has many major page faults.',
        description: 'Node {{ $labels.instance }} has more than 500 major page faults per second: it is thrashing.',
        runbook: {
          meaning: 'Pages are read back from disk constantly, usually because memory is exhausted; everything on the node is slow.',
          check: ['Memory utilisation of the node and which pods use it.'],
          mitigate: ['Move memory-hungry pods away or add memory/nodes.'],
        },
        fires: { series: [{ series: `node_vmstat_pgmajfault{${ne}, instance="n1"}`, values: '0+60000x40' }], at: '30m', labels: { instance: 'n1', job: 'node-exporter' } },
        silent: { series: [{ series: `node_vmstat_pgmajfault{${ne}, instance="n1"}`, values: '0+60x40' }], at: '30m' },
      },
      {
        alert: 'NodeOOMKillDetected',
        expr: `increase(node_vmstat_oom_kill{${ne}}[5m]) > 0`,
        severity: 'info',
        summary: 'The kernel OOM killer acted on {{ $labels.instance }}.',
        description: 'At least one process was killed by the kernel OOM killer on {{ $labels.instance }} in the last 5 minutes.',
        runbook: {
          meaning: 'A process (often a container over its limit) was killed for lack of memory.',
          check: ['`kubectl get events -A --field-selector reason=OOMKilling` and KubeContainerOOMKilled alerts.'],
          mitigate: ['Raise the memory limit of the affected workload or fix its leak.'],
        },
        fires: { series: [{ series: `node_vmstat_oom_kill{${ne}, instance="n1"}`, values: '0 0 0 0 0 0 1 1 1 1' }], at: '8m', labels: { instance: 'n1', job: 'node-exporter' } },
        silent: { series: [{ series: `node_vmstat_oom_kill{${ne}, instance="n1"}`, values: '0x10' }], at: '8m' },
      },
      {
        alert: 'NodeCPUHighUsage',
        expr: `${NODE_RECORDED.cpu} * 100 > 90`,
        for: '15m',
        severity: 'info',
        summary: 'CPU usage on {{ $labels.instance }} is high.',
        description: 'CPU usage on {{ $labels.instance }} has been above 90% for 15 minutes.',
        runbook: {
          meaning: 'The node is CPU-saturated; pods get less CPU than they request only if they are over it, but latency rises.',
          check: ['`kubectl top pods -A --sort-by=cpu` for pods on the node.'],
          mitigate: ['Spread the busy workload (topology spread), or add nodes.'],
        },
        fires: { series: cpu(0.05), at: '30m', labels: { instance: 'n1', job: 'node-exporter' } },
        silent: { series: cpu(0.5), at: '30m' },
      },
      {
        alert: 'NodeSystemSaturation',
        expr: `${NODE_RECORDED.load1PerCpu} > 2`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.instance }} is saturated.',
        description: 'The 1-minute load per CPU on {{ $labels.instance }} has been above 2 for 15 minutes: processes are waiting for CPU or I/O.',
        runbook: {
          meaning: 'More runnable or blocked processes than CPUs for a long time.',
          check: ['CPU and disk I/O panels of the node dashboard; `top` on the node.'],
          mitigate: ['Find the pod causing it and limit or move it; add nodes.'],
        },
        fires: {
          series: [
            { series: `node_load1{${ne}, instance="n1"}`, values: '5x40' },
            { series: `node_cpu_seconds_total{${ne}, instance="n1", cpu="0", mode="idle"}`, values: '0+1x40' },
          ],
          at: '30m',
          labels: { instance: 'n1', job: 'node-exporter' },
        },
        silent: {
          series: [
            { series: `node_load1{${ne}, instance="n1"}`, values: '0.5x40' },
            { series: `node_cpu_seconds_total{${ne}, instance="n1", cpu="0", mode="idle"}`, values: '0+1x40' },
          ],
          at: '30m',
        },
      },
      {
        alert: 'NodeDiskIOSaturation',
        expr: `rate(node_disk_io_time_weighted_seconds_total{${ne}, device=~"nvme.+|xvd.+"}[5m]) > 10`,
        for: '30m',
        severity: 'warning',
        summary: 'Disk {{ $labels.device }} on {{ $labels.instance }} is saturated.',
        description: 'The average I/O queue of disk {{ $labels.device }} on {{ $labels.instance }} has been above 10 for 30 minutes.',
        runbook: {
          meaning: 'The EBS volume is at its IOPS/throughput limit; writes and reads wait.',
          check: ['EBS VolumeQueueLength and burst balance in CloudWatch; which pod does the I/O.'],
          mitigate: ['Raise the gp3 IOPS/throughput of the volume, or move the I/O-heavy workload.'],
        },
        fires: { series: [{ series: `node_disk_io_time_weighted_seconds_total{${ne}, instance="n1", device="nvme0n1"}`, values: '0+900x60' }], at: '45m', labels: { instance: 'n1', device: 'nvme0n1', job: 'node-exporter' } },
        silent: { series: [{ series: `node_disk_io_time_weighted_seconds_total{${ne}, instance="n1", device="nvme0n1"}`, values: '0+30x60' }], at: '45m' },
      },
      networkErrors('receive'),
      networkErrors('transmit'),
      {
        alert: 'NodeNetworkInterfaceFlapping',
        expr: `changes(node_network_up{${ne}, device!~"veth.+|eni.+|lo"}[5m]) > 2`,
        for: '2m',
        severity: 'warning',
        summary: 'Network interface {{ $labels.device }} on {{ $labels.instance }} is flapping.',
        description: 'Network interface {{ $labels.device }} on {{ $labels.instance }} changed its up status more than twice in 5 minutes.',
        runbook: {
          meaning: 'The link goes up and down; connections of pods on the node break.',
          check: ['`dmesg` on the node for link messages; EC2 instance status.'],
          mitigate: ['Replace the node.'],
        },
        fires: { series: [{ series: `node_network_up{${ne}, instance="n1", device="eth1"}`, values: '1 0 1 0 1 0 1 0 1 0 1 0' }], at: '10m', labels: { instance: 'n1', device: 'eth1', job: 'node-exporter' } },
        silent: { series: [{ series: `node_network_up{${ne}, instance="n1", device="eth1"}`, values: '1x12' }], at: '10m' },
      },
      {
        alert: 'NodeHighNumberConntrackEntriesUsed',
        expr: `(node_nf_conntrack_entries{${ne}} / node_nf_conntrack_entries_limit{${ne}}) > 0.75`,
        for: '5m',
        severity: 'warning',
        summary: 'Conntrack table on {{ $labels.instance }} is filling up.',
        description: 'More than 75% of the conntrack entries of {{ $labels.instance }} are used; new connections will be dropped when it is full.',
        runbook: {
          meaning: 'Too many tracked connections; when full, the kernel drops new connections.',
          check: ['`conntrack -C` on the node; which pod opens many short connections.'],
          mitigate: ['Fix connection reuse in the workload or raise nf_conntrack_max via the node bootstrap.'],
        },
        fires: {
          series: [
            { series: `node_nf_conntrack_entries{${ne}, instance="n1"}`, values: '900x20' },
            { series: `node_nf_conntrack_entries_limit{${ne}, instance="n1"}`, values: '1000x20' },
          ],
          at: '15m',
          labels: { instance: 'n1', job: 'node-exporter' },
        },
        silent: {
          series: [
            { series: `node_nf_conntrack_entries{${ne}, instance="n1"}`, values: '100x20' },
            { series: `node_nf_conntrack_entries_limit{${ne}, instance="n1"}`, values: '1000x20' },
          ],
          at: '15m',
        },
      },
      {
        alert: 'NodeClockSkewDetected',
        expr: `(node_timex_offset_seconds{${ne}} > ${t.clockSkewSeconds} and deriv(node_timex_offset_seconds{${ne}}[5m]) >= 0) or (node_timex_offset_seconds{${ne}} < -${t.clockSkewSeconds} and deriv(node_timex_offset_seconds{${ne}}[5m]) <= 0)`,
        for: '10m',
        severity: 'warning',
        summary: 'Clock on {{ $labels.instance }} is skewed.',
        description: `The clock of {{ $labels.instance }} is more than ${t.clockSkewSeconds}s off and not converging.`,
        runbook: {
          meaning: 'The node\'s clock drifts; TLS, tokens and metric timestamps go wrong.',
          check: ['`chronyc tracking` and `chronyc sources` on the node (EKS AMIs use the Amazon Time Sync Service, 169.254.169.123).'],
          mitigate: ['Restart chronyd; if it persists, replace the node.'],
        },
        fires: { series: [{ series: `node_timex_offset_seconds{${ne}, instance="n1"}`, values: '0.2x30' }], at: '20m', labels: { instance: 'n1', job: 'node-exporter' } },
        silent: { series: [{ series: `node_timex_offset_seconds{${ne}, instance="n1"}`, values: '0.001x30' }], at: '20m' },
      },
      {
        alert: 'NodeClockNotSynchronising',
        expr: `min_over_time(node_timex_sync_status{${ne}}[5m]) == 0 and node_timex_maxerror_seconds{${ne}} >= 16`,
        for: '10m',
        severity: 'warning',
        summary: 'Clock on {{ $labels.instance }} is not synchronising.',
        description: 'The clock of {{ $labels.instance }} has not been synchronised with NTP for 10 minutes.',
        runbook: {
          meaning: 'NTP synchronisation stopped; the clock will drift.',
          check: ['`chronyc tracking` on the node; can it reach 169.254.169.123?'],
          mitigate: ['Restart chronyd or replace the node.'],
        },
        fires: {
          series: [
            { series: `node_timex_sync_status{${ne}, instance="n1"}`, values: '0x30' },
            { series: `node_timex_maxerror_seconds{${ne}, instance="n1"}`, values: '16x30' },
          ],
          at: '20m',
          labels: { instance: 'n1', job: 'node-exporter' },
        },
        silent: {
          series: [
            { series: `node_timex_sync_status{${ne}, instance="n1"}`, values: '1x30' },
            { series: `node_timex_maxerror_seconds{${ne}, instance="n1"}`, values: '0.1x30' },
          ],
          at: '20m',
        },
      },
      {
        alert: 'NodeFileDescriptorLimit',
        expr: `node_filefd_allocated{${ne}} * 100 / node_filefd_maximum{${ne}} > 90`,
        for: '15m',
        severity: 'warning',
        summary: 'Node {{ $labels.instance }} is running out of file descriptors.',
        description: 'More than 90% of the kernel file descriptors of {{ $labels.instance }} are allocated.',
        runbook: {
          meaning: 'Processes will fail to open files or sockets soon.',
          check: ['`cat /proc/sys/fs/file-nr` and `lsof | wc -l` per process on the node.'],
          mitigate: ['Restart or fix the leaking process; raise fs.file-max in the node bootstrap.'],
        },
        fires: {
          series: [
            { series: `node_filefd_allocated{${ne}, instance="n1"}`, values: '95x30' },
            { series: `node_filefd_maximum{${ne}, instance="n1"}`, values: '100x30' },
          ],
          at: '20m',
          labels: { instance: 'n1', job: 'node-exporter' },
        },
        silent: {
          series: [
            { series: `node_filefd_allocated{${ne}, instance="n1"}`, values: '10x30' },
            { series: `node_filefd_maximum{${ne}, instance="n1"}`, values: '100x30' },
          ],
          at: '20m',
        },
      },
    ],
  };
}

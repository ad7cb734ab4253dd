/** One node: CPU, memory, disk and network from node-exporter. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { dashboard, type DashboardFile, labelVariable, matchers, timeseries } from './panels.js';

export function nodeDashboard(q: QuerySelectors): DashboardFile {
  const node = matchers(q.nodeExporter, 'instance="$instance"');
  const fs = matchers(q.nodeExporter, 'instance="$instance"', 'fstype!~"tmpfs|overlay|squashfs"');
  const model = dashboard('platform-node', 'Node', ['kubernetes', 'node'])
    .withVariable(labelVariable('instance', 'instance', `node_uname_info{${q.nodeExporter}}`))
    .withPanel(timeseries('CPU utilisation', [{ expr: `${RECORDED.nodeCpu}{instance="$instance"}`, legend: 'utilisation' }], { unit: 'percentunit', max: 1 }))
    .withPanel(
      timeseries(
        'Load average',
        [
          { expr: `node_load1${node}`, legend: '1m' },
          { expr: `node_load5${node}`, legend: '5m' },
          { expr: `count(node_cpu_seconds_total${matchers(q.nodeExporter, 'instance="$instance"', 'mode="idle"')})`, legend: 'CPUs' },
        ],
        { unit: 'short' },
      ),
    )
    .withPanel(
      timeseries(
        'Memory',
        [
          { expr: `node_memory_MemTotal_bytes${node} - node_memory_MemAvailable_bytes${node}`, legend: 'used' },
          { expr: `node_memory_MemTotal_bytes${node}`, legend: 'total' },
        ],
        { unit: 'bytes' },
      ),
    )
    .withPanel(
      timeseries('Filesystem usage', [{ expr: `1 - node_filesystem_avail_bytes${fs} / node_filesystem_size_bytes${fs}`, legend: '{{mountpoint}}' }], {
        unit: 'percentunit',
        max: 1,
      }),
    )
    .withPanel(
      timeseries(
        'Network',
        [
          { expr: `sum by (device) (rate(node_network_receive_bytes_total${node}[5m]))`, legend: '{{device}} in' },
          { expr: `sum by (device) (rate(node_network_transmit_bytes_total${node}[5m]))`, legend: '{{device}} out' },
        ],
        { unit: 'Bps' },
      ),
    )
    .withPanel(
      timeseries('Disk I/O time', [{ expr: `rate(node_disk_io_time_seconds_total${node}[5m])`, legend: '{{device}}' }], { unit: 'percentunit' }),
    )
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

/** Kubernetes / Persistent Volumes: space and inodes of one PersistentVolumeClaim, from the kubelet's volume stats. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, labelVariable, matchers, stat, timeseries } from './panels.js';

export function persistentVolumesDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.volumes;
  const volume = matchers(q.kubelet, 'namespace="$namespace"', 'persistentvolumeclaim="$volume"');
  const stats = (m: string) => `max(kubelet_volume_stats_${m}${volume})`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin', 'storage'])
    .withVariable(datasourceVariable())
    .withVariable(labelVariable('namespace', 'namespace', `kubelet_volume_stats_capacity_bytes{${q.kubelet}}`))
    .withVariable(labelVariable('volume', 'persistentvolumeclaim', `kubelet_volume_stats_capacity_bytes{${q.kubelet}, namespace="$namespace"}`))
    .withPanel(
      timeseries(
        'Volume space',
        [
          { expr: stats('used_bytes'), legend: 'used' },
          { expr: stats('available_bytes'), legend: 'free' },
        ],
        { unit: 'bytes', span: 18 },
      ),
    )
    .withPanel(stat('Volume space used', { expr: `${stats('used_bytes')} / ${stats('capacity_bytes')}` }, { unit: 'percentunit', span: 6, height: 8 }))
    .withPanel(
      timeseries(
        'Volume inodes',
        [
          { expr: stats('inodes_used'), legend: 'used' },
          { expr: stats('inodes_free'), legend: 'free' },
        ],
        { unit: 'none', span: 18 },
      ),
    )
    .withPanel(stat('Volume inodes used', { expr: `${stats('inodes_used')} / ${stats('inodes')}` }, { unit: 'percentunit', span: 6, height: 8 }));
  return buildWithDatasourceVariable(builder);
}

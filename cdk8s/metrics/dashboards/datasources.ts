/** The datasources Grafana is provisioned with; dashboards reference them by these fixed uids. */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export const DATASOURCES = {
  prometheus: { type: 'prometheus', uid: 'prometheus' },
  alertmanager: { type: 'alertmanager', uid: 'alertmanager' },
  elasticsearch: { type: 'elasticsearch', uid: 'elasticsearch' },
} as const satisfies Record<string, Required<Pick<DataSourceRef, 'type' | 'uid'>>>;

export type DatasourceName = keyof typeof DATASOURCES;

/** A fresh copy (the SDK keeps references). */
export function datasource(name: DatasourceName): DataSourceRef {
  return { ...DATASOURCES[name] };
}

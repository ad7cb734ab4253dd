/**
 * Table of contents of the Grafana dashboards: the platform's own, then one per service-catalog entry.
 * Each dashboard is one file; every query's selectors come from contracts/scrape-jobs.ts (and the catalog's metric
 * names from `metrics.queries`). Every model is reflowed onto Grafana's 24-column grid here.
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import type { Service } from '../../../config/sections/services.js';
import { clusterOverview } from './cluster-overview.js';
import { nodeDashboard } from './node.js';
import { type DashboardFile, reflowGrid } from './panels.js';
import { prometheusDashboard } from './prometheus.js';
import { serviceDashboard } from './service.js';
import { workloadsDashboard } from './workloads.js';

export type { DashboardFile } from './panels.js';
export { DATASOURCES } from './datasources.js';

/** The stack's own dashboards (folder "platform"). */
export function platformDashboards(q: QuerySelectors): DashboardFile[] {
  return [clusterOverview(q), nodeDashboard(q), workloadsDashboard(q), prometheusDashboard(q)].map(reflowGrid);
}

/** One dashboard per catalog service (folder "services"). */
export function serviceDashboards(services: readonly Service[], q: QuerySelectors): DashboardFile[] {
  return services.map((s) => reflowGrid(serviceDashboard(s, q)));
}

/**
 * Table of contents of the Grafana dashboards: the platform's own, then one per service-catalog entry.
 * Each dashboard is one file; every query's selectors come from contracts/scrape-jobs.ts (and the catalog's metric
 * names from `metrics.queries`). Every model is reflowed onto Grafana's 24-column grid here.
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import type { Service } from '../../../config/sections/services.js';
import { alertmanagerDashboard } from './alertmanager.js';
import { apiserverDashboard } from './apiserver.js';
import { clusterOverview } from './cluster-overview.js';
import { corednsDashboard } from './coredns.js';
import { elasticsearchDashboard } from './elasticsearch.js';
import { gatewayDashboard, type GatewayAuthMode } from './gateway.js';
import { k8sResourcesCluster } from './k8s-resources-cluster.js';
import { k8sResourcesNamespace } from './k8s-resources-namespace.js';
import { k8sResourcesNode } from './k8s-resources-node.js';
import { k8sResourcesPod } from './k8s-resources-pod.js';
import { k8sResourcesWorkload } from './k8s-resources-workload.js';
import { kubeletDashboard } from './kubelet.js';
import { logPipelineDashboard } from './log-pipeline.js';
import { networkingDashboard } from './networking.js';
import { nodeDashboard } from './node.js';
import { type DashboardFile, reflowGrid } from './panels.js';
import { persistentVolumesDashboard } from './persistent-volumes.js';
import { prometheusDashboard } from './prometheus.js';
import { serviceDashboard } from './service.js';
import { sloOverviewDashboard } from './slo-overview.js';
import { workloadsDashboard } from './workloads.js';

export type { DashboardFile } from './panels.js';
export { DATASOURCES } from './datasources.js';

/** What the platform dashboards read from the environment's config besides the selectors. */
export interface PlatformDashboardsContext {
  /** The service catalog (the SLO overview lists its entries with `slo`). @default - none: the SLO overview says so */
  readonly services?: readonly Service[];
  /** `gateway.auth.mode`: the gateway dashboard shows that filter's counters. @default - both filters' counters */
  readonly gatewayAuth?: GatewayAuthMode;
}

/** The stack's own dashboards (folder "platform"). */
export function platformDashboards(q: QuerySelectors, context: PlatformDashboardsContext = {}): DashboardFile[] {
  return [
    clusterOverview(q),
    nodeDashboard(q),
    workloadsDashboard(q),
    prometheusDashboard(q),
    k8sResourcesCluster(q),
    k8sResourcesNamespace(q),
    k8sResourcesWorkload(q),
    k8sResourcesPod(q),
    k8sResourcesNode(q),
    apiserverDashboard(q),
    kubeletDashboard(q),
    networkingDashboard(q),
    persistentVolumesDashboard(q),
    corednsDashboard(q),
    alertmanagerDashboard(q),
    elasticsearchDashboard(q),
    logPipelineDashboard(q),
    gatewayDashboard(q, context.gatewayAuth),
    sloOverviewDashboard(context.services ?? []),
  ].map(reflowGrid);
}

/** One dashboard per catalog service (folder "services"). */
export function serviceDashboards(services: readonly Service[], q: QuerySelectors): DashboardFile[] {
  return services.map((s) => reflowGrid(serviceDashboard(s, q)));
}

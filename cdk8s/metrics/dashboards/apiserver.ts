/**
 * Kubernetes / API server (EKS): availability from the recorded error ratios, requests by verb and code, terminated
 * requests and aggregated APIs. No latency panels: the request-duration buckets are dropped at scrape time
 * (control-plane-scrape.ts) because EKS keeps the API server's latency and they are the costliest series it serves.
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { RECORDED } from '../recording-rules/names.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function apiserverDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.apiserver;
  const api = matchers(q.apiserver);
  const requests = (verbs: string) => `sum by (code) (rate(apiserver_request_total${matchers(q.apiserver, `verb=~"${verbs}"`)}[$__rate_interval]))`;
  const builder = dashboard(uid, title, ['kubernetes', 'kubernetes-mixin'])
    .withVariable(datasourceVariable())
    .withPanel(stat('Availability (3d)', { expr: `1 - ${RECORDED.apiserverErrorRatio3d}` }, { unit: 'percentunit', description: 'Share of requests not answered with a 5xx, over 3 days; the objective is 99%.' }))
    .withPanel(stat('Error ratio (5m)', { expr: RECORDED.apiserverErrorRatio5m }, { unit: 'percentunit' }))
    .withPanel(stat('Endpoints up', { expr: `sum(up${api})` }, { unit: 'none' }))
    .withPanel(stat('Unavailable aggregated APIs', { expr: `sum(aggregator_unavailable_apiservice${api})` }, { unit: 'none' }))
    .withPanel(timeseries('Read requests by code (GET, LIST)', [{ expr: requests('GET|LIST'), legend: '{{code}}' }], { unit: 'reqps' }))
    .withPanel(timeseries('Write requests by code (POST, PUT, PATCH, DELETE)', [{ expr: requests('POST|PUT|PATCH|DELETE'), legend: '{{code}}' }], { unit: 'reqps' }))
    .withPanel(
      timeseries('Errors (5xx) by verb and resource', [{ expr: `sum by (verb, resource) (rate(apiserver_request_total${matchers(q.apiserver, 'code=~"5.."')}[$__rate_interval]))`, legend: '{{verb}} {{resource}}' }], {
        unit: 'reqps',
      }),
    )
    .withPanel(timeseries('Error ratio', [{ expr: `sum(${RECORDED.apiserverRequestsByCode}{code=~"5.."}) / sum(${RECORDED.apiserverRequestsByCode})`, legend: '5xx' }], { unit: 'percentunit' }))
    .withPanel(
      timeseries('Terminated requests', [{ expr: `sum by (code) (rate(apiserver_request_terminations_total${api}[$__rate_interval]))`, legend: '{{code}}' }], {
        unit: 'reqps',
        description: 'Requests the API server dropped to protect itself (priority and fairness, timeouts).',
      }),
    )
    .withPanel(
      timeseries('Aggregated API unavailability', [{ expr: `sum by (name, reason) (increase(aggregator_unavailable_apiservice_total${api}[10m]))`, legend: '{{name}} {{reason}}' }], {
        unit: 'none',
      }),
    );
  return buildWithDatasourceVariable(builder);
}

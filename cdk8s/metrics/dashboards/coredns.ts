/** CoreDNS (the EKS add-on): requests by type, responses by rcode, latency, cache hit ratio, panics. */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { buildWithDatasourceVariable, datasourceVariable, KUBE_DASHBOARDS } from './kube-common.js';
import { dashboard, type DashboardFile, matchers, stat, timeseries } from './panels.js';

export function corednsDashboard(q: QuerySelectors): DashboardFile {
  const { uid, title } = KUBE_DASHBOARDS.coredns;
  const dns = matchers(q.coredns);
  const rate = (counter: string, by?: string) => `sum${by ? ` by (${by})` : ''} (rate(${counter}${dns}[$__rate_interval]))`;
  const builder = dashboard(uid, title, ['kubernetes', 'dns'])
    .withVariable(datasourceVariable())
    .withPanel(stat('Pods up', { expr: `sum(up${dns})` }, { unit: 'none' }))
    .withPanel(stat('Requests', { expr: rate('coredns_dns_requests_total') }, { unit: 'reqps' }))
    .withPanel(
      stat('SERVFAIL ratio', { expr: `sum(rate(coredns_dns_responses_total${matchers(q.coredns, 'rcode="SERVFAIL"')}[$__rate_interval])) / ${rate('coredns_dns_responses_total')}` }, { unit: 'percentunit' }),
    )
    .withPanel(stat('Panics (1h)', { expr: `sum(increase(coredns_panics_total${dns}[1h]))` }, { unit: 'none' }))
    .withPanel(timeseries('Requests by type', [{ expr: rate('coredns_dns_requests_total', 'type'), legend: '{{type}}' }], { unit: 'reqps' }))
    .withPanel(timeseries('Responses by rcode', [{ expr: rate('coredns_dns_responses_total', 'rcode'), legend: '{{rcode}}' }], { unit: 'reqps' }))
    .withPanel(
      timeseries(
        'Request duration',
        [0.5, 0.99].map((quantile) => ({ expr: `histogram_quantile(${quantile}, ${rate('coredns_dns_request_duration_seconds_bucket', 'le')})`, legend: `p${quantile * 100}` })),
        { unit: 's' },
      ),
    )
    .withPanel(
      timeseries('Cache hit ratio', [{ expr: `${rate('coredns_cache_hits_total')} / (${rate('coredns_cache_hits_total')} + ${rate('coredns_cache_misses_total')})`, legend: 'hits' }], {
        unit: 'percentunit',
        max: 1,
      }),
    );
  return buildWithDatasourceVariable(builder);
}

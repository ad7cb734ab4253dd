/**
 * One catalog service: request rate, errors, latency (RED), saturation and, when it has an SLO, error-budget burn.
 * Queries use the catalog's `service` label, which its ServiceMonitor adds to every series it scrapes.
 */
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import type { Service } from '../../../config/sections/services.js';
import { RECORDED } from '../recording-rules/names.js';
import { dashboard, dashboardUid, type DashboardFile, matchers, stat, timeseries } from './panels.js';

/** SLO recording rules (written by the alerting rules) that the burn panels read; labels `service`, `namespace`, `team`. */
export const SLO_RECORDS = {
  errorRatio: (window: '5m' | '1h' | '6h' | '3d') => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
} as const;

const BURN_WINDOWS = ['5m', '1h', '6h', '3d'] as const;

export function serviceDashboard(service: Service, q: QuerySelectors): DashboardFile {
  const sel = `service="${service.name}", namespace="${service.namespace}"`;
  const requests = `${RECORDED.serviceRequests}{${sel}}`;
  const errors = `${RECORDED.serviceRequests}{${sel}, ${q.serviceErrors}}`;
  const buckets = `${RECORDED.serviceLatencyBuckets}{${sel}}`;
  const proc = matchers(sel);
  const builder = dashboard(dashboardUid('svc', service.name), `Service: ${service.name}`, ['service', `team-${service.team}`])
    .description(`Service ${service.name} in namespace ${service.namespace}, owned by team ${service.team}.`)
    .withPanel(stat('Requests', { expr: `sum(${requests})` }, { unit: 'reqps' }))
    .withPanel(stat('Error ratio', { expr: `sum(${errors}) / sum(${requests})` }, { unit: 'percentunit' }))
    .withPanel(stat('p99 latency', { expr: `histogram_quantile(0.99, sum by (le) (${buckets}))` }, { unit: 's' }))
    .withPanel(stat('Targets up', { expr: `sum(up${proc}) / count(up${proc})` }, { unit: 'percentunit' }))
    .withPanel(timeseries('Request rate by status code', [{ expr: `sum by (code) (${requests})`, legend: '{{code}}' }], { unit: 'reqps' }))
    .withPanel(timeseries('Errors', [{ expr: `sum(${errors}) / sum(${requests})`, legend: 'error ratio' }], { unit: 'percentunit' }))
    .withPanel(
      timeseries(
        'Latency',
        [0.5, 0.9, 0.99].map((quantile) => ({
          expr: `histogram_quantile(${quantile}, sum by (le) (${buckets}))`,
          legend: `p${Math.round(quantile * 100)}`,
        })),
        { unit: 's' },
      ),
    )
    .withPanel(
      timeseries(
        'Saturation',
        [
          { expr: `sum by (pod) (rate(process_cpu_seconds_total${proc}[5m]))`, legend: '{{pod}} CPU (cores)' },
          { expr: `max by (pod) (process_open_fds${proc} / process_max_fds${proc})`, legend: '{{pod}} file descriptors' },
        ],
        { unit: 'short', description: 'Process CPU and file-descriptor use of each pod, from the client library.' },
      ),
    )
    .withPanel(
      timeseries('Memory', [{ expr: `sum by (pod) (process_resident_memory_bytes${proc})`, legend: '{{pod}}' }], { unit: 'bytes', span: 24 }),
    );
  if (service.slo) {
    const slo = matchers(`service="${service.name}"`);
    builder
      .withPanel(stat('Availability objective', { expr: `${SLO_RECORDS.objective}${slo}` }, { unit: 'percentunit' }))
      .withPanel(
        stat('Error budget left (3d)', { expr: `1 - (${SLO_RECORDS.errorRatio('3d')}${slo} / (1 - ${SLO_RECORDS.objective}${slo}))` }, {
          unit: 'percentunit',
        }),
      )
      .withPanel(
        timeseries(
          'Error budget burn rate',
          BURN_WINDOWS.map((w) => ({ expr: `${SLO_RECORDS.errorRatio(w)}${slo} / on (service) (1 - ${SLO_RECORDS.objective}${slo})`, legend: w })),
          { unit: 'short', span: 24, description: 'Burn rate 1 spends the budget exactly over the SLO window; alerts fire at 14.4 (1h) and 6 (6h).' },
        ),
      );
  }
  const model = builder.build();
  return { uid: model.uid ?? '', folder: 'services', model };
}

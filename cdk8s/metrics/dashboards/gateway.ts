/**
 * The gateway's data plane: the Envoy proxies Envoy Gateway runs for the platform Gateway (job `envoy-proxy`).
 * Names are Envoy's own statistics as its Prometheus endpoint renders them (`/stats/prometheus`: dots become
 * underscores, prefixed `envoy_`, with the default tag extractors of source/common/config/well_known_names.cc turning
 * name parts into labels):
 * - `http.<listener>.downstream_rq_<N>xx` → `envoy_http_downstream_rq_xx{envoy_http_conn_manager_prefix, envoy_response_code_class}`,
 *   `downstream_rq_total`, `downstream_rq_time` (histogram, milliseconds): what clients got, including what Envoy
 *   answered itself (429 from the rate limiter, 401/302 from authentication);
 * - `cluster.<cluster>.upstream_rq_<code>` → `envoy_cluster_upstream_rq{envoy_cluster_name, envoy_response_code}` and
 *   `upstream_rq_time`: per backend; Envoy Gateway names an HTTPRoute's cluster `httproute/<namespace>/<name>/rule/<n>`;
 * - the local rate limit filter (stat prefix `http_local_rate_limiter` in Envoy Gateway):
 *   `envoy_http_local_rate_limit_rate_limited{envoy_local_http_ratelimit_prefix}`;
 * - the basic auth filter `http.<listener>.basic_auth.denied` → `envoy_http_basic_auth_denied`, and the OAuth2 (OIDC)
 *   filter `http.<listener>.oauth_failure` / `oauth_unauthorized_rq` → `envoy_http_oauth_failure`, `envoy_http_oauth_unauthorized_rq`.
 */
import type { GatewayConfig } from '../../../config/sections/gateway.js';
import type { QuerySelectors } from '../../../contracts/scrape-jobs.js';
import { dashboard, type DashboardFile, matchers, type Query, stat, timeseries } from './panels.js';

/** How users sign in at the gateway (config `gateway.auth.mode`); only that filter's counters exist. */
export type GatewayAuthMode = GatewayConfig['auth']['mode'];

/** Listeners on every proxy that carry no user traffic: Envoy's admin interface and Envoy Gateway's stats and readiness listeners. */
export const ENVOY_GATEWAY_INTERNAL_LISTENERS = ['admin', 'eg-stats-http', 'eg-ready-http'] as const;

/** Clusters of HTTPRoutes (not the xDS, stats or other internal clusters). */
const ROUTE_CLUSTERS = 'envoy_cluster_name=~"httproute/.+"';

/**
 * @param authMode which authentication filter's counters the "Authentication failures" panel reads
 *   (@default - both, for a dashboard built without the environment's config)
 */
export function gatewayDashboard(q: QuerySelectors, authMode?: GatewayAuthMode): DashboardFile {
  const listeners = `envoy_http_conn_manager_prefix!~"${ENVOY_GATEWAY_INTERNAL_LISTENERS.join('|')}"`;
  const down = (...more: readonly string[]) => matchers(q.envoyProxy, listeners, ...more);
  const routes = matchers(q.envoyProxy, ROUTE_CLUSTERS);
  const proxy = matchers(q.envoyProxy);
  const requests = `sum(rate(envoy_http_downstream_rq_total${down()}[5m]))`;
  const byClass = (cls: string) => `sum(rate(envoy_http_downstream_rq_xx${down(`envoy_response_code_class="${cls}"`)}[5m]))`;
  const rateLimited = `sum(rate(envoy_http_local_rate_limit_rate_limited${proxy}[5m]))`;
  const oidcFailed: Query = { expr: `sum(rate(envoy_http_oauth_failure${down()}[5m]))`, legend: 'OIDC: sign-in failed' };
  const oidcUnauthenticated: Query = {
    expr: `sum(rate(envoy_http_oauth_unauthorized_rq${down()}[5m]))`,
    legend: 'OIDC: not signed in (sent to the identity provider)',
  };
  const basicDenied: Query = { expr: `sum(rate(envoy_http_basic_auth_denied${down()}[5m]))`, legend: 'basic auth: denied' };
  const authQueries: readonly Query[] =
    authMode === 'oidc' ? [oidcFailed, oidcUnauthenticated] : authMode === 'basic' ? [basicDenied] : [oidcFailed, oidcUnauthenticated, basicDenied];
  // failed sign-ins (OIDC) or rejected credentials (basic auth); without a mode, whichever filter exists
  const authDenied: Query =
    authMode === 'oidc' ? oidcFailed : authMode === 'basic' ? basicDenied : { expr: `(${oidcFailed.expr}) or (${basicDenied.expr})` };
  const latency = (bucket: string, by: string, legend: (p: number) => string) =>
    [0.5, 0.99].map((quantile) => ({
      expr: `histogram_quantile(${quantile}, sum by (${by}) (rate(${bucket}[5m])))`,
      legend: legend(Math.round(quantile * 100)),
    }));

  const model = dashboard('platform-gateway', 'Gateway', ['gateway', 'envoy'])
    .description('The Envoy proxies of the platform Gateway (job envoy-proxy): requests, errors, latency, rate limiting and authentication.')
    .withPanel(stat('Requests', { expr: requests }, { unit: 'reqps', span: 4 }))
    .withPanel(stat('5xx ratio', { expr: `${byClass('5')} / ${requests}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('4xx ratio', { expr: `${byClass('4')} / ${requests}` }, { unit: 'percentunit', span: 4 }))
    .withPanel(stat('Rate-limited', { expr: rateLimited }, { unit: 'reqps', span: 4, description: 'Requests answered 429 by the local rate limiter.' }))
    .withPanel(stat('Authentication failures', authDenied, { unit: 'reqps', span: 4 }))
    .withPanel(stat('Proxies up', { expr: `sum(up${proxy})` }, { unit: 'none', span: 4 }))
    .withPanel(
      timeseries(
        'Requests by route and status',
        [{ expr: `sum by (envoy_cluster_name, envoy_response_code) (rate(envoy_cluster_upstream_rq${routes}[5m]))`, legend: '{{envoy_cluster_name}} {{envoy_response_code}}' }],
        { unit: 'reqps', span: 24, description: 'Responses of the backends, per HTTPRoute rule (cluster httproute/<namespace>/<name>/rule/<n>) and status code.' },
      ),
    )
    .withPanel(
      timeseries(
        'Responses to clients by class',
        [{ expr: `sum by (envoy_response_code_class) (rate(envoy_http_downstream_rq_xx${down()}[5m]))`, legend: '{{envoy_response_code_class}}xx' }],
        { unit: 'reqps', description: 'Everything clients received, including the 429s of the rate limiter and the answers of the authentication filter.' },
      ),
    )
    .withPanel(
      timeseries(
        '4xx and 5xx ratio',
        [
          { expr: `${byClass('4')} / ${requests}`, legend: '4xx' },
          { expr: `${byClass('5')} / ${requests}`, legend: '5xx' },
        ],
        { unit: 'percentunit' },
      ),
    )
    .withPanel(
      timeseries(
        'Latency to clients',
        latency(`envoy_http_downstream_rq_time_bucket${down()}`, 'le', (p) => `p${p}`),
        { unit: 'ms', description: 'From the first byte received to the last byte sent, at the proxies.' },
      ),
    )
    .withPanel(
      timeseries(
        'Backend latency p99 by route',
        [{ expr: `histogram_quantile(0.99, sum by (le, envoy_cluster_name) (rate(envoy_cluster_upstream_rq_time_bucket${routes}[5m])))`, legend: '{{envoy_cluster_name}}' }],
        { unit: 'ms' },
      ),
    )
    .withPanel(
      timeseries('Rate-limited requests', [{ expr: `sum by (pod) (rate(envoy_http_local_rate_limit_rate_limited${proxy}[5m]))`, legend: '{{pod}}' }], {
        unit: 'reqps',
        description: 'Per proxy: the limit (gateway.rateLimit) applies per client address and per proxy.',
      }),
    )
    .withPanel(timeseries('Authentication failures', authQueries, { unit: 'reqps', description: 'Counters of the authentication filter of the routes (config gateway.auth.mode).' }))
    .build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

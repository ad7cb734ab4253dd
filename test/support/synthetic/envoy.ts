/**
 * A synthetic Envoy proxy of the platform Gateway, as Envoy Gateway runs it (`/stats/prometheus` on port 19001,
 * scraped as job `envoy-proxy`). Envoy renders a stat `a.b.c` as `envoy_a_b_c`, with its default tag extractors
 * (source/common/config/well_known_names.cc, tested in test/common/stats/tag_extractor_impl_test.cc) moving name
 * parts into labels:
 * - `http.<stat_prefix>.downstream_rq_<N>xx` → `envoy_http_downstream_rq_xx{envoy_http_conn_manager_prefix, envoy_response_code_class}`;
 *   `downstream_rq_total`, and the `downstream_rq_time` histogram (milliseconds, Envoy's default buckets);
 * - `cluster.<name>.upstream_rq_<code>` → `envoy_cluster_upstream_rq{envoy_cluster_name, envoy_response_code}`,
 *   `upstream_rq_<N>xx` → `envoy_cluster_upstream_rq_xx{…, envoy_response_code_class}`, the `upstream_rq_time` histogram;
 * - `<stat_prefix>.http_local_rate_limit.rate_limited` (HTTP local rate limit filter docs; Envoy Gateway's
 *   internal/xds/translator/local_ratelimit.go sets stat_prefix `http_local_rate_limiter`) →
 *   `envoy_http_local_rate_limit_rate_limited{envoy_local_http_ratelimit_prefix}`;
 * - basic auth filter `http.<stat_prefix>.basic_auth.{allowed,denied}` (ALL_BASIC_AUTH_STATS) and OAuth2 filter
 *   `http.<stat_prefix>.oauth_{failure,success,unauthorized_rq}` (ALL_OAUTH_FILTER_STATS) →
 *   `envoy_http_basic_auth_denied`, `envoy_http_oauth_failure`, `envoy_http_oauth_unauthorized_rq`.
 * Envoy Gateway names an HTTPRoute rule's cluster `httproute/<namespace>/<name>/rule/<index>`; its own stats and
 * readiness listeners are `eg-stats-http` and `eg-ready-http`, and Envoy's admin interface is `admin` (none carry user
 * traffic). The HTTPS listener's stat prefix is a label value only (`https-10443` here: Envoy Gateway maps privileged
 * ports above 10000).
 */
import { SCRAPE_JOBS } from '../../../contracts/scrape-jobs.js';
import { type Family, histogram, type Labels, render, type Sample } from './exposition.js';

export const ENVOY_JOB = SCRAPE_JOBS.envoyProxy.job;

/** Envoy's default histogram buckets (milliseconds). */
const BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
const LISTENER = { envoy_http_conn_manager_prefix: 'https-10443' };
const INTERNAL = { envoy_http_conn_manager_prefix: 'eg-stats-http' };
const ADMIN = { envoy_http_conn_manager_prefix: 'admin' };
const ROUTES = ['grafana', 'prometheus', 'alertmanager', 'kibana'].map((name) => `httproute/gateway/${name}/rule/0`);

/** Per-second rates of the synthetic traffic. */
const RATES = { ok: 50, clientErrors: 2, serverErrors: 0.5, rateLimited: 1, oidcFailed: 0.2, oidcUnauthenticated: 3, basicDenied: 0.3 };

const counter = (name: string, help: string, samples: readonly Sample[]): Family => ({ name, type: 'counter', help, samples });
const at = (labels: Labels, perSecond: number, t: number): Sample => ({ labels, value: Math.floor(perSecond * t) });

/** The proxy's /stats/prometheus after `t` seconds: a steady stream over four routes with some 4xx, 5xx, 429 and auth failures. */
export function envoyExposition(t: number): string {
  const total = RATES.ok + RATES.clientErrors + RATES.serverErrors;
  /** Each route's upstream successes and server errors, under `label` (a code or a code class). */
  const perRoute = (label: string, ok: string, error: string): Sample[] =>
    ROUTES.flatMap((envoy_cluster_name) => [
      at({ envoy_cluster_name, [label]: ok }, RATES.ok / ROUTES.length, t),
      at({ envoy_cluster_name, [label]: error }, RATES.serverErrors / ROUTES.length, t),
    ]);
  const families: Family[] = [
    counter('envoy_http_downstream_rq_total', 'Total requests', [at(LISTENER, total, t), at(INTERNAL, 0.1, t), at(ADMIN, 0.1, t)]),
    counter('envoy_http_downstream_rq_xx', 'Responses by class', [
      at({ ...LISTENER, envoy_response_code_class: '2' }, RATES.ok, t),
      at({ ...LISTENER, envoy_response_code_class: '4' }, RATES.clientErrors, t),
      at({ ...LISTENER, envoy_response_code_class: '5' }, RATES.serverErrors, t),
      at({ ...INTERNAL, envoy_response_code_class: '2' }, 0.1, t),
      at({ ...ADMIN, envoy_response_code_class: '5' }, 0.1, t),
    ]),
    { name: 'envoy_http_downstream_rq_time', type: 'histogram', help: 'Request time (ms)', samples: histogram(LISTENER, BUCKETS_MS, 25, total, t) },
    counter('envoy_cluster_upstream_rq', 'Upstream responses by code', perRoute('envoy_response_code', '200', '503')),
    counter('envoy_cluster_upstream_rq_xx', 'Upstream responses by class', perRoute('envoy_response_code_class', '2', '5')),
    {
      name: 'envoy_cluster_upstream_rq_time',
      type: 'histogram',
      help: 'Upstream request time (ms)',
      samples: ROUTES.flatMap((envoy_cluster_name) => histogram({ envoy_cluster_name }, BUCKETS_MS, 10, RATES.ok / ROUTES.length, t)),
    },
    counter('envoy_http_local_rate_limit_rate_limited', 'Requests answered 429 by the local rate limiter', [
      at({ envoy_local_http_ratelimit_prefix: 'http_local_rate_limiter' }, RATES.rateLimited, t),
    ]),
    counter('envoy_http_oauth_failure', 'Requests denied by the OAuth2 filter', [at(LISTENER, RATES.oidcFailed, t)]),
    counter('envoy_http_oauth_unauthorized_rq', 'Unauthenticated requests redirected by the OAuth2 filter', [at(LISTENER, RATES.oidcUnauthenticated, t)]),
    counter('envoy_http_basic_auth_denied', 'Requests denied by the basic auth filter', [at(LISTENER, RATES.basicDenied, t)]),
  ];
  return render(families);
}

export const envoyProxy = { job: ENVOY_JOB, exposition: envoyExposition } as const;

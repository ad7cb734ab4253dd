/**
 * RED metrics as the platform's SLO rules and service dashboard query them (defaults of `metrics.queries` and
 * `alerting.slo` in the platform config):
 * - counter `http_requests_total{method, route, code}`; failures are `code=~"5.."`;
 * - histogram `http_request_duration_seconds{method, route, code}`;
 * - the client library's default process metrics (`process_cpu_seconds_total`, `process_open_fds`, …).
 * `route` is the templated route (`/api/items/:id`), `unmatched` for any path no route matches, so label cardinality
 * stays bounded. `service`, `namespace` and `job` are added by Prometheus from the scrape target, not here.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const METRIC_NAMES = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
} as const;

/** Latency buckets in seconds: from 5 ms to 10 s, dense around the 100–500 ms an API objective usually sits at. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Methods kept as label values; anything else is counted as `other`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'code'>;
  private readonly duration: Histogram<'method' | 'route' | 'code'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const labelNames = ['method', 'route', 'code'] as const;
    this.requests = new Counter({
      name: METRIC_NAMES.requests,
      help: 'HTTP requests served, by method, templated route and status code.',
      labelNames,
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: METRIC_NAMES.duration,
      help: 'HTTP request duration in seconds, by method, templated route and status code.',
      labelNames,
      buckets: [...DURATION_BUCKETS],
      registers: [this.registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method: METHODS.has(method) ? method : 'other', route, code: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, "Alerting on SLOs", recommendation 6) for every
 * catalog service with an availability objective, plus the recording rules they and the dashboards use:
 * `slo:sli_error:ratio_rate<window>{service,namespace,team}` and `slo:objective:ratio{service,namespace,team}`.
 */
import type { Service } from '../../../config/sections/services.js';
import type { AlertDefinition, RecordingRule, RuleGroup, TestSeries } from '../alerts/types.js';

/** Windows with a recorded error ratio. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** One burn-rate condition: both windows must burn faster than `factor` times the budget. */
export interface BurnWindow {
  readonly long: SloWindow;
  readonly short: SloWindow;
  readonly factor: number;
}

/** Page: 2% of a 30-day budget in 1h, or 5% in 6h. Ticket: 10% in 3 days, or 10% in 1 day at a slower pace. */
export const FAST_BURN: readonly BurnWindow[] = [
  { long: '1h', short: '5m', factor: 14.4 },
  { long: '6h', short: '30m', factor: 6 },
];
export const SLOW_BURN: readonly BurnWindow[] = [
  { long: '1d', short: '2h', factor: 3 },
  { long: '3d', short: '6h', factor: 1 },
];

export interface SloSettings {
  readonly requestsMetric: string;
  readonly errorMatcher: string;
}

/** A service with an objective; the type guarantees `slo` is set. */
export type SloService = Service & { readonly slo: NonNullable<Service['slo']> };

export function servicesWithSlo(services: readonly Service[]): SloService[] {
  return services.filter((s): s is SloService => s.slo !== undefined);
}

function burnExpr(service: string, budget: number, windows: readonly BurnWindow[]): string {
  const sel = `{service="${service}"}`;
  return windows
    .map(
      (w) =>
        `(slo:sli_error:ratio_rate${w.long}${sel} > ${round(w.factor * budget)} and slo:sli_error:ratio_rate${w.short}${sel} > ${round(w.factor * budget)})`,
    )
    .join(' or ');
}

function round(n: number): number {
  return Number(n.toPrecision(6));
}

/** The rule group of one service: recording rules for every window, the objective, and a page and a ticket alert. */
export function sloRuleGroup(svc: SloService, settings: SloSettings): RuleGroup {
  const labels = { service: svc.name, namespace: svc.namespace, team: svc.team };
  // 99.9 / 100 is 0.9990000000000001 in floating point; record the decimal the config says
  const objective = round(svc.slo.availability / 100);
  const budget = round(1 - objective);
  // The catalog's `service` label (set by the service's ServiceMonitor), as on the dashboards: not `job`, which is
  // whatever the Kubernetes Service is called.
  const base = `${settings.requestsMetric}{service="${svc.name}", namespace="${svc.namespace}"`;
  const own = `{service="${svc.name}", namespace="${svc.namespace}"}`;
  // Only the 5m rates read the raw request series. Every longer window is the ratio of the recorded 5m rates summed
  // over the window: two series per service, however many pods and status codes, so 1d and 3d stay cheap.
  const recordingRules: RecordingRule[] = [
    { record: 'slo:sli_requests:rate5m', expr: `sum(rate(${base}}[5m]))`, labels },
    { record: 'slo:sli_errors:rate5m', expr: `sum(rate(${base}, ${settings.errorMatcher}}[5m]))`, labels },
    ...SLO_WINDOWS.map((w) => ({
      record: `slo:sli_error:ratio_rate${w}`,
      expr:
        w === '5m'
          ? `slo:sli_errors:rate5m${own} / slo:sli_requests:rate5m${own}`
          : `sum_over_time(slo:sli_errors:rate5m${own}[${w}]) / sum_over_time(slo:sli_requests:rate5m${own}[${w}])`,
      labels,
    })),
    { record: 'slo:objective:ratio', expr: `vector(${objective})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${budget})`, labels },
  ];
  const traffic = (errorsPerMin: number, okPerMin: number, samples: number): TestSeries[] => [
    { series: `${base}, code="500"}`, values: `0+${errorsPerMin}x${samples}` },
    { series: `${base}, code="200"}`, values: `0+${okPerMin}x${samples}` },
  ];
  const common = {
    labels: {},
    team: svc.team,
  };
  const runbook = (speed: 'fast' | 'slow') => ({
    meaning: `The ${speed} burn of the availability error budget of a catalog service (labels service, namespace, team): requests fail faster than its objective allows, so the 30-day error budget runs out early. Each service's objective is in config (services[].slo.availability); the burn-rate factors follow the SRE workbook (page: 14.4x over 1h/5m or 6x over 6h/30m; ticket: 3x over 1d/2h or 1x over 3d/6h).`,
    check: [
      'Open the SLO dashboard for the service: which window burns, since when, and which status codes.',
      'Correlate with recent deploys of the service (`kubectl -n <namespace> rollout history deployment/<service>`) and with dependency alerts.',
      'Look at the service\'s error logs in Kibana for the same period.',
    ],
    mitigate: [
      'Roll back the last change if the burn started with it.',
      'Fail over or shed load if a dependency is down; scale out if errors come from saturation.',
      'When the budget is spent, freeze risky releases for the service until it recovers (error-budget policy).',
    ],
  });
  const fast: AlertDefinition = {
    ...common,
    alert: 'SLOErrorBudgetBurnFast',
    expr: burnExpr(svc.name, budget, FAST_BURN),
    for: '2m',
    severity: 'critical',
    summary: 'Service {{ $labels.service }} is burning its error budget fast.',
    description: `Service {{ $labels.service }} in {{ $labels.namespace }} (SLO ${svc.slo.availability}%) fails requests at more than ${FAST_BURN[1]?.factor} times the sustainable rate over both a long and a short window; at this rate the 30-day budget lasts less than five days.`,
    runbook: runbook('fast'),
    fires: { series: traffic(50, 50, 120), at: '100m', labels: { service: svc.name, namespace: svc.namespace } },
    silent: { series: traffic(0, 100, 120), at: '100m' },
  };
  // An error ratio of 5x the budget burns the slow windows (factors 3 and 1) but not the fast ones (14.4 and 6).
  const slowErrors = round(5 * budget * 1000);
  const slow: AlertDefinition = {
    ...common,
    alert: 'SLOErrorBudgetBurnSlow',
    ticket: true,
    expr: burnExpr(svc.name, budget, SLOW_BURN),
    for: '15m',
    severity: 'warning',
    summary: 'Service {{ $labels.service }} is steadily burning its error budget.',
    description: `Service {{ $labels.service }} in {{ $labels.namespace }} (SLO ${svc.slo.availability}%) has failed requests above the sustainable rate for hours; open a ticket and fix it before the budget runs out.`,
    runbook: runbook('slow'),
    fires: { series: traffic(slowErrors, 1000 - slowErrors, 200), at: '3h', labels: { service: svc.name, namespace: svc.namespace } },
    silent: { series: traffic(0, 1000, 200), at: '3h' },
  };
  return { name: `slo-${svc.name}`, recordingRules, alerts: [fast, slow] };
}

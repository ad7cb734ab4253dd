/**
 * Alerting: the rule library's thresholds, the Alertmanager workload, and the typed routing model
 * (receivers, routes by severity and team, time intervals, timings, escalation, inhibition) that is rendered into
 * one complete `alertmanager.yaml`. Credentials are never configured here: each receiver's secret is a key of the
 * `alertmanager-receivers` secret (config/secrets.ts) whose name is derived from the receiver's name.
 */
import { z } from 'zod';
import { dnsLabel, duration, resources } from './primitives.js';

const receiverName = dnsLabel.describe('receiver name (DNS label); also prefixes its credential key');

const pagerduty = z
  .object({
    name: receiverName,
    type: z.literal('pagerduty'),
    severity: z.enum(['critical', 'error', 'warning', 'info']).default('critical').describe('PagerDuty event severity'),
  })
  .strict();

const slack = z
  .object({
    name: receiverName,
    type: z.literal('slack'),
    channel: z
      .string()
      .regex(/^#[a-z0-9][a-z0-9._-]*$/, { message: 'must be a Slack channel like #platform-alerts' })
      .describe('Slack channel the webhook posts to'),
  })
  .strict();

const email = z
  .object({
    name: receiverName,
    type: z.literal('email'),
    to: z.email({ message: 'must be an e-mail address like oncall@example.com' }).describe('recipient'),
    from: z.email({ message: 'must be an e-mail address like alertmanager@example.com' }).describe('sender'),
    smarthost: z
      .string()
      .regex(/^[a-z0-9.-]+:\d+$/, { message: 'must be host:port like smtp.example.com:587' })
      .describe('SMTP relay host:port'),
    authUsername: z.string().min(1).describe('SMTP user; the password comes from the receiver secret'),
  })
  .strict();

const webhook = z
  .object({
    name: receiverName,
    type: z.literal('webhook'),
    maxAlerts: z.number().int().min(0).default(0).describe('alerts per message; 0 sends all'),
  })
  .strict();

export const receiver = z.discriminatedUnion('type', [pagerduty, slack, email, webhook], {
  message: 'must be a receiver with type pagerduty, slack, email or webhook',
});
export type Receiver = z.infer<typeof receiver>;

/**
 * Labels a critical alert and the warnings it mutes must share besides `component`: the same cluster, namespace,
 * target instance, claim and mount point (labels missing on both sides count as equal).
 */
const INHIBIT_EQUAL = ['cluster', 'namespace', 'instance', 'persistentvolumeclaim', 'mountpoint'] as const;

const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, { message: 'must be a time like 09:00 or 17:30' });

export const timeInterval = z
  .object({
    name: dnsLabel.describe('name routes refer to'),
    weekdays: z
      .array(z.string().regex(/^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(:(monday|tuesday|wednesday|thursday|friday|saturday|sunday))?$/, {
        message: 'must be a weekday or range like monday:friday',
      }))
      .min(1),
    times: z.array(z.object({ start: clock, end: clock }).strict()).min(1).describe('time ranges within those days'),
    location: z.string().min(1).default('UTC').describe('IANA time zone, e.g. Europe/London'),
  })
  .strict();

const severityReceivers = z
  .object({
    critical: receiverName.describe('receiver that pages'),
    warning: receiverName.describe('receiver for chat'),
    info: receiverName.describe('receiver for low-urgency notices'),
  })
  .strict();

export const teamRoute = z
  .object({
    team: dnsLabel.describe('value of the `team` label'),
    critical: receiverName.describe("the team's paging receiver"),
    warning: receiverName.describe("the team's chat receiver"),
    info: receiverName.optional().describe("the team's info receiver; @default the warning receiver"),
    warningTimeInterval: dnsLabel.optional().describe('send warnings only during this time interval; @default always'),
  })
  .strict();

const thresholds = z
  .object({
    podNotReadyFor: duration.default('15m'),
    pvcFreePercentWarning: z.number().gt(0).lt(100).default(15),
    pvcFreePercentCritical: z.number().gt(0).lt(100).default(3),
    cpuThrottlingPercent: z.number().gt(0).lt(100).default(25),
    nodeFilesystemFreePercentWarning: z.number().gt(0).lt(100).default(15),
    nodeFilesystemFreePercentCritical: z.number().gt(0).lt(100).default(5),
    nodeMemoryUsedPercent: z.number().gt(0).lt(100).default(90),
    clockSkewSeconds: z.number().positive().default(0.05),
    jvmHeapUsedPercent: z.number().gt(0).lt(100).default(85),
    elasticsearchDiskFreePercentWarning: z.number().gt(0).lt(100).default(20),
    elasticsearchDiskFreePercentCritical: z.number().gt(0).lt(100).default(10),
    logstashDlqBytes: z.number().positive().default(104857600),
    remoteWriteBehindSeconds: z.number().positive().default(120),
    remoteStorageFailuresPercent: z.number().gt(0).lt(100).default(1),
  })
  .strict()
  .describe('alert thresholds; percentages are in (0, 100)');

export const alerting = z
  .object({
    runbookBaseUrl: z
      .url({ message: 'must be an https URL of the repository, e.g. https://gitlab.example.com/platform/observability/-/blob/main' })
      .refine((v) => v.startsWith('https://') && !v.endsWith('/'), { message: 'must start with https:// and not end with /' })
      .describe('base URL of this repository; runbooks are <base>/docs/runbooks/<AlertName>.md'),
    alertmanager: z
      .object({
        replicas: z.number().int().min(1).max(7).describe('Alertmanager pods (cluster mesh when > 1)'),
        resources,
        storageGiB: z.number().int().positive().default(2).describe('persistent volume per replica (silences, notification log)'),
        retention: duration.default('120h').describe('how long silences and the notification log are kept'),
        smtpPort: z.number().int().min(1).max(65535).default(587).describe('SMTP port allowed in egress'),
      })
      .strict(),
    receivers: z.array(receiver).min(1),
    timeIntervals: z.array(timeInterval).default([]),
    routing: z
      .object({
        groupBy: z.array(z.string().min(1)).default(['alertname', 'namespace', 'team']),
        groupWait: duration.default('30s'),
        groupInterval: duration.default('5m'),
        repeatInterval: z
          .object({ critical: duration.default('1h'), warning: duration.default('4h'), info: duration.default('24h') })
          .strict()
          .default({ critical: '1h', warning: '4h', info: '24h' }),
        defaultReceiver: receiverName.describe('receiver for anything no route matches'),
        heartbeat: z
          .object({ receiver: receiverName, repeatInterval: duration.default('1m') })
          .strict()
          .describe('where the always-firing Watchdog goes; a dead-man switch pages when it stops'),
        severity: severityReceivers,
        teams: z.array(teamRoute).default([]),
      })
      .strict(),
    escalation: z
      .object({
        warningAfter: duration.default('2h').describe('a listed warning firing this long becomes an AlertEscalated page'),
        alerts: z
          .array(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'must be an alert name like KubePodCrashLooping' }))
          .default([])
          .describe('warnings that may escalate (opt-in); ticket-tier alerts (slow SLO burn, a maxed-out HPA, quotas) never do'),
        receiver: receiverName
          .optional()
          .describe("receiver of escalations; @default the paging receiver of the escalated alert's team (else routing.severity.critical)"),
      })
      .strict()
      .default({ warningAfter: '2h', alerts: [] }),
    inhibition: z
      .object({
        equal: z
          .array(z.string().min(1))
          .min(1)
          .default([...INHIBIT_EQUAL])
          .describe('labels a critical and the warnings/infos it mutes must share (besides `component`, always required)'),
      })
      .strict()
      .default({ equal: [...INHIBIT_EQUAL] }),
    slo: z
      .object({
        requestsMetric: z
          .string()
          .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { message: 'must be a Prometheus metric name like http_requests_total' })
          .default('http_requests_total')
          .describe('request counter every catalog service exposes; selected by the catalog labels service=<name>, namespace=<namespace>'),
        errorMatcher: z.string().min(1).default('code=~"5.."').describe('PromQL matcher picking failed requests'),
      })
      .strict()
      .default({ requestsMetric: 'http_requests_total', errorMatcher: 'code=~"5.."' })
      .describe('how the availability SLI of catalog services is measured'),
    thresholds: thresholds.default(thresholds.parse({})),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const names = new Set<string>();
    cfg.receivers.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['receivers', i, 'name'], message: `duplicate receiver "${r.name}"; names must be unique` });
      names.add(r.name);
    });
    const intervals = new Set(cfg.timeIntervals.map((t) => t.name));
    const ref = (path: PropertyKey[], name: string | undefined) => {
      if (name !== undefined && !names.has(name)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown receiver "${name}"; use one of ${[...names].join(', ')}` });
      }
    };
    ref(['routing', 'defaultReceiver'], cfg.routing.defaultReceiver);
    ref(['escalation', 'receiver'], cfg.escalation.receiver);
    const escalated = new Set<string>();
    cfg.escalation.alerts.forEach((name, i) => {
      if (escalated.has(name)) ctx.addIssue({ code: 'custom', path: ['escalation', 'alerts', i], message: `"${name}" is listed twice` });
      escalated.add(name);
    });
    ref(['routing', 'heartbeat', 'receiver'], cfg.routing.heartbeat.receiver);
    for (const sev of ['critical', 'warning', 'info'] as const) ref(['routing', 'severity', sev], cfg.routing.severity[sev]);
    const teams = new Set<string>();
    cfg.routing.teams.forEach((t, i) => {
      if (teams.has(t.team)) ctx.addIssue({ code: 'custom', path: ['routing', 'teams', i, 'team'], message: `duplicate team route "${t.team}"` });
      teams.add(t.team);
      ref(['routing', 'teams', i, 'critical'], t.critical);
      ref(['routing', 'teams', i, 'warning'], t.warning);
      ref(['routing', 'teams', i, 'info'], t.info);
      if (t.warningTimeInterval !== undefined && !intervals.has(t.warningTimeInterval)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routing', 'teams', i, 'warningTimeInterval'],
          message: `unknown time interval "${t.warningTimeInterval}"; define it under alerting.timeIntervals`,
        });
      }
    });
  });

export type Alerting = z.infer<typeof alerting>;
export type AlertThresholds = Alerting['thresholds'];

/** Name of the catalog secret (config/secrets.ts) holding every receiver credential. */
export const RECEIVER_SECRET = 'alertmanager-receivers';

/** The key of a receiver's credential in the `alertmanager-receivers` secret, derived from its name and type. */
export function receiverSecretKey(receiver: Receiver): string {
  switch (receiver.type) {
    case 'pagerduty':
      return `${receiver.name}-routing-key`;
    case 'slack':
      return `${receiver.name}-api-url`;
    case 'email':
      return `${receiver.name}-smtp-password`;
    case 'webhook':
      return `${receiver.name}-url`;
  }
}

/** Every credential key the receivers need, sorted. */
export function receiverSecretKeys(receivers: readonly Receiver[]): string[] {
  return receivers.map(receiverSecretKey).sort();
}

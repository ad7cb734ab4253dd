/**
 * Renders the typed routing model (config `alerting`) into one complete Alertmanager configuration, as plain objects
 * serialised with the `yaml` library. No credential is ever in it: receivers reference files (`*_file` fields) that
 * prometheus-operator mounts from the `alertmanager-receivers` Secret.
 */
import { stringify } from 'yaml';
import type { Alerting, Receiver } from '../../../config/sections/alerting.js';
import { OPERATOR_CONFIG_DIR, OPERATOR_SECRETS_DIR, receiverSecretKey } from './receivers.js';

import type { Severity } from '../../lib/prometheus-rules.js';

export type { Severity } from '../../lib/prometheus-rules.js';
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** Name of the template file stored next to alertmanager.yaml in the config Secret. */
export const TEMPLATE_FILE = 'platform.tmpl';

export interface AlertmanagerRoute {
  readonly receiver?: string;
  readonly matchers?: string[];
  readonly group_by?: string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly active_time_intervals?: string[];
  readonly continue?: boolean;
  readonly routes?: AlertmanagerRoute[];
}

export interface InhibitRule {
  readonly source_matchers: string[];
  readonly target_matchers: string[];
  readonly equal: string[];
}

export interface TimeIntervalSpec {
  readonly name: string;
  readonly time_intervals: { weekdays: string[]; times: { start_time: string; end_time: string }[]; location: string }[];
}

export type ReceiverConfig = { name: string } & Record<string, unknown>;

export interface AlertmanagerConfig {
  readonly global: { resolve_timeout: string };
  readonly templates: string[];
  readonly route: AlertmanagerRoute;
  readonly inhibit_rules: InhibitRule[];
  readonly time_intervals: TimeIntervalSpec[];
  readonly receivers: ReceiverConfig[];
}

export interface RenderPaths {
  /**
   * Folder holding one file per receiver credential.
   * @default '/etc/alertmanager/secrets/alertmanager-receivers' (the operator's mount of `spec.secrets`)
   */
  readonly secretsDir?: string;
  /**
   * Folder holding the message template file.
   * @default '/etc/alertmanager/config' (the operator's mount of the config Secret)
   */
  readonly templatesDir?: string;
}

const TITLE = '{{ template "platform.title" . }}';
const TEXT = '{{ template "platform.text" . }}';

/**
 * Message templates: title with status, count and alert name; per alert its summary, description, severity, team
 * and runbook link. Go text/template, shipped as the `platform.tmpl` key of the config Secret.
 */
export const MESSAGE_TEMPLATES = [
  '{{ define "platform.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.namespace }} ({{ . }}){{ end }}{{ end }}',
  '{{ define "platform.text" }}{{ range .Alerts }}*{{ .Annotations.summary }}*',
  '{{ .Annotations.description }}',
  'Severity: {{ .Labels.severity }} | Team: {{ .Labels.team }}',
  'Runbook: {{ .Annotations.runbook_url }}',
  '{{ end }}{{ end }}',
  '',
].join('\n');

function receiverConfig(r: Receiver, secretsDir: string): ReceiverConfig {
  const file = `${secretsDir}/${receiverSecretKey(r)}`;
  switch (r.type) {
    case 'pagerduty':
      return {
        name: r.name,
        pagerduty_configs: [
          {
            routing_key_file: file,
            send_resolved: true,
            severity: r.severity,
            description: TITLE,
            details: { summary: '{{ .CommonAnnotations.summary }}', description: '{{ .CommonAnnotations.description }}', runbook: '{{ .CommonAnnotations.runbook_url }}' },
            links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'Runbook' }],
          },
        ],
      };
    case 'slack':
      return {
        name: r.name,
        slack_configs: [{ api_url_file: file, channel: r.channel, send_resolved: true, title: TITLE, text: TEXT }],
      };
    case 'email':
      return {
        name: r.name,
        email_configs: [
          {
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            auth_username: r.authUsername,
            auth_password_file: file,
            require_tls: true,
            send_resolved: true,
            headers: { Subject: TITLE },
            text: TEXT,
          },
        ],
      };
    case 'webhook':
      return { name: r.name, webhook_configs: [{ url_file: file, send_resolved: true, max_alerts: r.maxAlerts }] };
  }
}

/** The routing tree: Watchdog → heartbeat; then per team by severity; then by severity; else the default receiver. */
export function routeTree(alerting: Alerting): AlertmanagerRoute {
  const { routing } = alerting;
  const bySeverity = (receivers: Record<Severity, string>, warningInterval?: string): AlertmanagerRoute[] =>
    SEVERITIES.map((sev) => ({
      receiver: receivers[sev],
      matchers: [`severity="${sev}"`],
      repeat_interval: routing.repeatInterval[sev],
      ...(sev === 'warning' && warningInterval ? { active_time_intervals: [warningInterval] } : {}),
    }));
  return {
    receiver: routing.defaultReceiver,
    group_by: [...routing.groupBy],
    group_wait: routing.groupWait,
    group_interval: routing.groupInterval,
    repeat_interval: routing.repeatInterval.warning,
    routes: [
      // upstream's InfoInhibitor only feeds the inhibit rule below; it notifies nobody
      { receiver: INFO_INHIBITOR_RECEIVER, matchers: ['alertname="InfoInhibitor"'] },
      {
        receiver: routing.heartbeat.receiver,
        matchers: ['alertname="Watchdog"'],
        group_wait: '0s',
        group_interval: routing.heartbeat.repeatInterval,
        repeat_interval: routing.heartbeat.repeatInterval,
      },
      ...(alerting.escalation.receiver
        ? [{ receiver: alerting.escalation.receiver, matchers: ['alertname="AlertEscalated"'], repeat_interval: routing.repeatInterval.critical }]
        : []),
      ...routing.teams.map((t) => ({
        receiver: t.warning,
        matchers: [`team="${t.team}"`],
        routes: bySeverity({ critical: t.critical, warning: t.warning, info: t.info ?? t.warning }, t.warningTimeInterval),
      })),
      ...bySeverity(routing.severity),
    ],
  };
}

/** The receiver without integrations that InfoInhibitor goes to. */
export const INFO_INHIBITOR_RECEIVER = 'info-inhibitor';

/** Alerts that mean a node is gone: while one fires, the pod alerts on that node are consequences, not causes. */
export const NODE_DOWN_ALERTS = ['KubeNodeNotReady', 'KubeNodeUnreachable'] as const;
/** Pod alerts that carry the `node` label of the pod (kube_pod_info), so a node-down alert can mute them. */
export const POD_ALERTS_ON_NODES = ['KubePodNotReady', 'KubePodCrashLooping', 'KubeContainerWaiting'] as const;

/**
 * A critical alert mutes the warnings and infos of the same component (labels `component` and `inhibition.equal`
 * equal, e.g. ElasticsearchClusterRed mutes ElasticsearchClusterYellow of the same cluster, the critical
 * KubePersistentVolumeFillingUp mutes the warning of the same claim); a warning mutes the infos of the same
 * component; a node that is not ready or unreachable mutes the pod alerts on that node.
 */
export function inhibitRules(alerting: Alerting): InhibitRule[] {
  const equal = ['component', ...alerting.inhibition.equal.filter((l) => l !== 'component')];
  return [
    { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal },
    { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal },
    {
      source_matchers: [`alertname=~"${NODE_DOWN_ALERTS.join('|')}"`],
      target_matchers: [`alertname=~"${POD_ALERTS_ON_NODES.join('|')}"`],
      equal: ['cluster', 'node'],
    },
    // infos show only next to a warning or critical of their namespace (InfoInhibitor fires where there is none)
    { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"', 'alertname!="Watchdog"'], equal: ['namespace'] },
  ];
}

export function alertmanagerConfig(alerting: Alerting, paths: RenderPaths = {}): AlertmanagerConfig {
  const secretsDir = paths.secretsDir ?? OPERATOR_SECRETS_DIR;
  const templatesDir = paths.templatesDir ?? OPERATOR_CONFIG_DIR;
  return {
    global: { resolve_timeout: '5m' },
    templates: [`${templatesDir}/${TEMPLATE_FILE}`],
    route: routeTree(alerting),
    inhibit_rules: inhibitRules(alerting),
    time_intervals: alerting.timeIntervals.map((ti) => ({
      name: ti.name,
      time_intervals: [
        { weekdays: [...ti.weekdays], times: ti.times.map((x) => ({ start_time: x.start, end_time: x.end })), location: ti.location },
      ],
    })),
    receivers: [...alerting.receivers.map((r) => receiverConfig(r, secretsDir)), { name: INFO_INHIBITOR_RECEIVER }],
  };
}

/** The complete `alertmanager.yaml`. */
export function renderAlertmanagerYaml(alerting: Alerting, paths: RenderPaths = {}): string {
  return stringify(alertmanagerConfig(alerting, paths), { lineWidth: 0, aliasDuplicateObjects: false });
}

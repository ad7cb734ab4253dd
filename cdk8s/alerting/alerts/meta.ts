/**
 * Alerts about alerting: the Watchdog heartbeat that always fires (a dead-man switch outside the cluster pages when
 * it stops arriving), and escalation of warnings that have fired too long.
 *
 * Escalation: Alertmanager cannot see whether anyone acknowledged a warning. So a warning that is still firing after
 * `escalation.warningAfter` raises `AlertEscalated` (severity critical, same team and namespace), which the routing
 * tree sends to that team's paging receiver. Acknowledging = fixing the cause or silencing the original alert's
 * AlertEscalated (`escalated_alertname=<name>`) in Alertmanager with a comment.
 */
import { parseDurationSeconds } from '../../../config/sections/primitives.js';
import type { AlertContext, RuleGroup } from './types.js';

export function metaRules(ctx: AlertContext): RuleGroup {
  const escalateMinutes = Math.ceil((parseDurationSeconds(ctx.escalateWarningAfter) ?? 0) / 60);
  const firingWarning = 'ALERTS{alertname="KubePodNotReady", alertstate="firing", severity="warning", team="payments", namespace="shop", pod="checkout-1"}';
  return {
    name: 'alerting-meta',
    alerts: [
      {
        alert: 'Watchdog',
        expr: 'vector(1)',
        severity: 'info',
        summary: 'Alerting pipeline heartbeat; always firing.',
        description: 'This alert always fires so that the heartbeat receiver keeps getting it; if the heartbeat service stops receiving it, Prometheus, Alertmanager or the path between them is broken.',
        runbook: {
          meaning: 'Nothing is wrong: Watchdog proves the whole path Prometheus → Alertmanager → receiver works. Its absence is the signal.',
          check: ['The heartbeat service (dead-man switch) shows the last time it received Watchdog.', 'If it stopped: Prometheus and Alertmanager pods, their NetworkPolicies, and AlertmanagerFailedToSendAlerts.'],
          mitigate: ['Never silence Watchdog. If the dead-man switch fired, restore Prometheus/Alertmanager first; all other alerting is blind until then.'],
        },
        fires: { series: [], at: '1m', labels: {} },
        silent: 'always-fires',
      },
      {
        alert: 'AlertEscalated',
        expr: `max by (escalated_alertname, namespace, team) (label_replace(ALERTS{alertstate="firing", severity="warning"}, "escalated_alertname", "$1", "alertname", "(.+)"))`,
        for: ctx.escalateWarningAfter,
        severity: 'critical',
        team: 'from-expression',
        labels: { escalation: 'true' },
        summary: 'Warning {{ $labels.escalated_alertname }} has fired for too long and now pages.',
        description: `Warning {{ $labels.escalated_alertname }} (team {{ $labels.team }}) has been firing for more than ${ctx.escalateWarningAfter} without being resolved, so it escalates to the team's paging receiver.`,
        runbook: {
          meaning:
            'A warning stayed unresolved longer than the escalation time of the environment (alerting.escalation.warningAfter). Warnings go to chat; when nobody acts on them, this alert pages the owning team.',
          check: ['Open the original alert (escalated_alertname) in Alertmanager and follow its runbook.'],
          mitigate: [
            'Fix the cause of the original warning; AlertEscalated resolves with it.',
            'To acknowledge without fixing (e.g. waiting on a vendor), create a silence for `alertname=AlertEscalated, escalated_alertname=<name>` with a comment and an expiry.',
          ],
        },
        fires: {
          series: [{ series: firingWarning, values: `1x${escalateMinutes + 10}` }],
          at: `${escalateMinutes + 5}m`,
          labels: { escalated_alertname: 'KubePodNotReady', team: 'payments', namespace: 'shop' },
        },
        silent: {
          // firing, but for less than the escalation time
          series: [{ series: firingWarning, values: `1x${escalateMinutes + 10}` }],
          at: `${escalateMinutes - 5}m`,
        },
      },
    ],
  };
}

/**
 * Alerts about alerting: the Watchdog heartbeat that always fires (a dead-man switch outside the cluster pages when
 * it stops arriving), and escalation of warnings that have fired too long.
 *
 * Escalation: Alertmanager cannot see whether anyone acknowledged a warning. So a warning listed in
 * `escalation.alerts` that is still firing after `escalation.warningAfter` raises `AlertEscalated` (severity critical,
 * same team and namespace), which the routing tree sends to that team's paging receiver (or `escalation.receiver`).
 * Ticket-tier warnings may not be listed; with an empty list there is no AlertEscalated rule. Acknowledging = fixing the cause or silencing the original alert's
 * AlertEscalated (`escalated_alertname=<name>`) in Alertmanager with a comment.
 */
import { parseDurationSeconds } from '../../../config/sections/primitives.js';
import type { AlertContext, AlertDefinition, RuleGroup } from './types.js';

export function metaRules(ctx: AlertContext): RuleGroup {
  const escalateMinutes = Math.ceil((parseDurationSeconds(ctx.escalateWarningAfter) ?? 0) / 60);
  const listed = ctx.escalate[0];
  const firing = (alert: string) => `ALERTS{alertname="${alert}", alertstate="firing", severity="warning", team="payments", namespace="shop", pod="checkout-1"}`;
  const pinned = 'ALERTS{alertname="SLOErrorBudgetBurnSlow", alertstate="firing", severity="warning", team="payments", namespace="shop", service="checkout"}';
  const unlisted = 'ALERTS{alertname="KubeHpaMaxedOut", alertstate="firing", severity="warning", team="platform", namespace="shop", horizontalpodautoscaler="checkout"}';
  const escalated: AlertDefinition[] =
    listed === undefined
      ? []
      : [
          {
            alert: 'AlertEscalated',
            // Only the warnings config lists (alerting.escalation.alerts): ticket-tier warnings never page.
            expr: `max by (escalated_alertname, namespace, team) (label_replace(ALERTS{alertstate="firing", severity="warning", alertname=~"${ctx.escalate.join('|')}"}, "escalated_alertname", "$1", "alertname", "(.+)"))`,
            for: ctx.escalateWarningAfter,
            severity: 'critical',
            team: 'from-expression',
            labels: { escalation: 'true' },
            summary: 'Warning {{ $labels.escalated_alertname }} has fired for too long and now pages.',
            description: `Warning {{ $labels.escalated_alertname }} (team {{ $labels.team }}) has been firing for more than ${ctx.escalateWarningAfter} without being resolved, so it escalates to the team's paging receiver.`,
            runbook: {
              meaning:
                'A warning that the environment lets escalate (alerting.escalation.alerts) stayed unresolved longer than its escalation time (alerting.escalation.warningAfter). Warnings go to chat; when nobody acts on them, this alert pages the owning team. Ticket-tier warnings (slow SLO burn, HPA at its maximum, quotas) never escalate.',
              check: ['Open the original alert (escalated_alertname) in Alertmanager and follow its runbook.'],
              mitigate: [
                'Fix the cause of the original warning; AlertEscalated resolves with it.',
                'To acknowledge without fixing (e.g. waiting on a vendor), create a silence for `alertname=AlertEscalated, escalated_alertname=<name>` with a comment and an expiry (docs/incident-response.md).',
              ],
            },
            fires: {
              series: [{ series: firing(listed), values: `1x${escalateMinutes + 10}` }],
              at: `${escalateMinutes + 5}m`,
              labels: { escalated_alertname: listed, team: 'payments', namespace: 'shop' },
            },
            silent: {
              // firing, but for less than the escalation time
              series: [{ series: firing(listed), values: `1x${escalateMinutes + 10}` }],
              at: `${escalateMinutes - 5}m`,
            },
            scenarios: [
              {
                name: 'a slow SLO burn (0.5% errors, a ticket) firing for longer than the escalation time',
                series: [{ series: pinned, values: `1x${escalateMinutes + 70}` }],
                at: `${escalateMinutes + 60}m`,
                fires: false,
              },
              {
                name: 'a warning the environment does not list (an HPA at its maximum) firing for longer than the escalation time',
                series: [{ series: unlisted, values: `1x${escalateMinutes + 70}` }],
                at: `${escalateMinutes + 60}m`,
                fires: false,
              },
            ],
          },
        ];
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
      ...escalated,
    ],
  };
}

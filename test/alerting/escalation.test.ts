import { describe, expect, it } from 'vitest';
import { alertDefinitions, ruleSets } from '../../cdk8s/alerting/rules.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('escalation (%s)', (_name, env) => {
  const defs = alertDefinitions(ruleSets(env.alerting, env.services));
  const escalated = defs.find((d) => d.alert === 'AlertEscalated');

  it('escalates exactly the warnings config lists, and none when it lists none', () => {
    if (env.alerting.escalation.alerts.length === 0) {
      expect(escalated).toBeUndefined();
      return;
    }
    const listed = /alertname=~"([^"]+)"/.exec(escalated?.expr ?? '')?.[1]?.split('|');
    expect(listed).toEqual(env.alerting.escalation.alerts);
    expect(escalated?.for).toBe(env.alerting.escalation.warningAfter);
  });

  it('lists no ticket-tier alert', () => {
    const tickets = new Set(defs.filter((d) => d.ticket).map((d) => d.alert));
    expect(env.alerting.escalation.alerts.filter((a) => tickets.has(a))).toEqual([]);
  });
});

describe('escalation config checks', () => {
  const prod = environment('prod');
  const withAlerts = (alerts: string[]) => ({ ...prod.alerting, escalation: { ...prod.alerting.escalation, alerts } });

  it('refuses a ticket-tier warning, naming the config field', () => {
    expect(() => ruleSets(withAlerts(['KubePodNotReady', 'SLOErrorBudgetBurnSlow']), prod.services)).toThrow(
      'alerting.escalation.alerts[1]: "SLOErrorBudgetBurnSlow" is a ticket-tier warning and must not page; remove it from the list',
    );
    expect(() => ruleSets(withAlerts(['KubeHpaMaxedOut']), prod.services)).toThrow(/ticket-tier/);
  });

  it('refuses an unknown alert and a critical one', () => {
    expect(() => ruleSets(withAlerts(['KubePodNotReadyy']), prod.services)).toThrow('alerting.escalation.alerts[0]: unknown alert "KubePodNotReadyy"');
    expect(() => ruleSets(withAlerts(['KubePersistentVolumeErrors']), prod.services)).toThrow(/is not a warning \(it is critical\)/);
  });
});

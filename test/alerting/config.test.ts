import { describe, expect, it } from 'vitest';
import { alerting } from '../../config/sections/alerting.js';
import { environment } from '../support/envs.js';

const valid = () => structuredClone(environment('prod').alerting);
const messages = (input: unknown) => {
  const res = alerting.safeParse(input);
  return res.success ? [] : res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('alerting config section', () => {
  it('accepts the shipped environments', () => {
    expect(messages(valid())).toEqual([]);
  });

  it('defaults thresholds, escalation and inhibition', () => {
    const { thresholds: _t, escalation: _e, inhibition: _i, ...rest } = valid();
    const parsed = alerting.parse(rest);
    expect(parsed.escalation.warningAfter).toBe('2h');
    expect(parsed.escalation.alerts).toEqual([]);
    expect(parsed.escalation.receiver).toBeUndefined();
    expect(parsed.inhibition.equal).toEqual(['cluster', 'namespace', 'instance', 'persistentvolumeclaim', 'mountpoint']);
    expect(parsed.thresholds.podNotReadyFor).toBe('15m');
    expect(parsed.routing.groupBy).toEqual(['alertname', 'namespace', 'team']);
    expect(parsed.routing.repeatInterval).toEqual({ critical: '1h', warning: '4h', info: '24h' });
    expect(parsed.alertmanager.retention).toBe('120h');
    expect(parsed.alertmanager.smtpPort).toBe(587);
  });

  it('rejects an escalation receiver that does not exist and an alert listed twice', () => {
    const cfg = valid();
    const withEscalation = { ...cfg, escalation: { warningAfter: '2h', alerts: ['KubePodNotReady', 'KubePodNotReady'], receiver: 'nope' } };
    const errors = messages(withEscalation);
    expect(errors).toContain('escalation.alerts.1: "KubePodNotReady" is listed twice');
    expect(errors.some((e) => e.startsWith('escalation.receiver: unknown receiver "nope"'))).toBe(true);
  });

  it('rejects a route to an unknown receiver, naming the valid ones', () => {
    const cfg = valid();
    cfg.routing.severity.critical = 'nobody';
    expect(messages(cfg)).toEqual([expect.stringMatching(/^routing\.severity\.critical: unknown receiver "nobody"; use one of platform-pager/)]);
  });

  it('rejects duplicate receivers and team routes', () => {
    const cfg = valid();
    cfg.receivers.push({ ...cfg.receivers[0]! });
    cfg.routing.teams.push({ ...cfg.routing.teams[0]! });
    expect(messages(cfg).join('\n')).toMatch(/duplicate receiver "platform-pager"[\s\S]*duplicate team route "payments"/);
  });

  it('rejects an unknown time interval on a team route', () => {
    const cfg = valid();
    cfg.routing.teams[0] = { ...cfg.routing.teams[0]!, warningTimeInterval: 'weekends' };
    expect(messages(cfg)).toEqual([expect.stringMatching(/warningTimeInterval: unknown time interval "weekends"/)]);
  });

  it('rejects unknown keys and an unknown receiver type', () => {
    expect(messages({ ...valid(), extra: 1 }).join('\n')).toMatch(/extra/);
    const cfg = valid() as { receivers: unknown[] };
    cfg.receivers[0] = { name: 'x', type: 'carrier-pigeon' };
    expect(messages(cfg).join('\n')).toMatch(/type pagerduty, slack, email or webhook|Invalid input/);
  });

  it('rejects a runbook base URL that is not https or ends with a slash', () => {
    expect(messages({ ...valid(), runbookBaseUrl: 'http://example.com' }).join('\n')).toMatch(/https/);
    expect(messages({ ...valid(), runbookBaseUrl: 'https://example.com/' }).join('\n')).toMatch(/not end with \//);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { receiverSecretKey, receiverSecretKeys } from '../../config/sections/alerting.js';
import { platformSecrets } from '../../config/secrets.js';
import { OPERATOR_CONFIG_DIR, OPERATOR_SECRETS_DIR } from '../../cdk8s/alerting/routing/receivers.js';
import { renderAlertmanagerYaml } from '../../cdk8s/alerting/routing/alertmanager-config.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { tempDir } from '../support/repo.js';
import { runTool, shippedAlertmanagerConfig } from '../support/tools.js';

type Env = (typeof ENVIRONMENTS)[number];

/** The shipped config and its template file in a scratch folder (template path pointed there). */
function writeShipped(env: Env): string {
  const dir = tempDir('amtool-');
  const { yaml, files } = shippedAlertmanagerConfig(env.name);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const path = join(dir, 'alertmanager.yaml');
  writeFileSync(path, yaml.replaceAll(`${OPERATOR_CONFIG_DIR}/`, `${dir}/`));
  return path;
}

/** The receiver amtool's routing tree picks for a label set. */
function route(configPath: string, labels: Record<string, string>): string {
  const res = runTool('amtool', ['config', 'routes', 'test', `--config.file=${configPath}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  expect(res.status, res.output).toBe(0);
  return res.stdout.trim();
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('alertmanager.yaml (%s)', (name, env) => {
  const { yaml } = shippedAlertmanagerConfig(name);
  const routing = env.alerting.routing;
  const typeOf = (receiver: string) => env.alerting.receivers.find((r) => r.name === receiver)?.type;

  it('is the rendering of the typed routing model', () => {
    expect(yaml).toBe(renderAlertmanagerYaml(env.alerting));
  });

  it('passes amtool check-config', () => {
    const res = runTool('amtool', ['check-config', writeShipped(env)]);
    expect(res.status, res.output).toBe(0);
    expect(res.output).toMatch(/SUCCESS/);
    expect(res.output).toMatch(new RegExp(`${env.alerting.receivers.length + 1} receivers`)); // + info-inhibitor
  });

  it('holds no credential: every receiver reads its secret from a file of the alertmanager-receivers secret', () => {
    const parsed = parse(yaml) as { receivers: Record<string, { [k: string]: unknown }[] | string>[] };
    const text = JSON.stringify(parsed);
    expect(text).not.toMatch(/routing_key"|service_key"|api_url"|auth_password"|"url"/);
    const secret = platformSecrets(env).find((s) => s.id === 'alertmanager-receivers');
    expect(secret?.keys).toEqual(receiverSecretKeys(env.alerting.receivers));
    for (const r of env.alerting.receivers) expect(yaml).toContain(`${OPERATOR_SECRETS_DIR}/${receiverSecretKey(r)}`);
  });

  it('routes critical to a pager, warning to chat and info to the info receiver by default', () => {
    const path = writeShipped(env);
    for (const sev of ['critical', 'warning', 'info'] as const) {
      expect(route(path, { alertname: 'KubeNodeNotReady', severity: sev, team: 'platform' })).toBe(routing.severity[sev]);
    }
  });

  it('routes InfoInhibitor to the receiver without integrations', () => {
    expect(route(writeShipped(env), { alertname: 'InfoInhibitor', severity: 'info', namespace: 'shop' })).toBe('info-inhibitor');
  });

  it('routes Watchdog to the heartbeat receiver whatever its severity', () => {
    const path = writeShipped(env);
    expect(route(path, { alertname: 'Watchdog', severity: 'info', team: 'platform' })).toBe(routing.heartbeat.receiver);
    expect(typeOf(routing.heartbeat.receiver)).toBe('webhook');
  });

  it('routes every team by severity to its own receivers', () => {
    const path = writeShipped(env);
    for (const t of routing.teams) {
      expect(route(path, { alertname: 'SLOErrorBudgetBurnFast', severity: 'critical', team: t.team })).toBe(t.critical);
      expect(route(path, { alertname: 'SLOErrorBudgetBurnSlow', severity: 'warning', team: t.team })).toBe(t.warning);
      expect(route(path, { alertname: 'X', severity: 'info', team: t.team })).toBe(t.info ?? t.warning);
    }
  });

  it('escalates a long-firing warning to the owning team\'s pager', () => {
    const path = writeShipped(env);
    const labels = { alertname: 'AlertEscalated', severity: 'critical', escalation: 'true', escalated_alertname: 'KubePodNotReady' };
    expect(route(path, { ...labels, team: 'platform' })).toBe(routing.severity.critical);
    for (const t of routing.teams) expect(route(path, { ...labels, team: t.team })).toBe(t.critical);
  });

  it('sends alerts of unknown teams and without severity to the fallbacks', () => {
    const path = writeShipped(env);
    expect(route(path, { alertname: 'X', severity: 'warning', team: 'nobody' })).toBe(routing.severity.warning);
    expect(route(path, { alertname: 'X' })).toBe(routing.defaultReceiver);
  });

  it('only sends team warnings inside the configured time interval', () => {
    const parsed = parse(yaml) as { route: { routes: { matchers: string[]; routes?: { matchers: string[]; active_time_intervals?: string[] }[] }[] } };
    for (const t of routing.teams) {
      const teamRoute = parsed.route.routes.find((r) => r.matchers.includes(`team="${t.team}"`));
      const warning = teamRoute?.routes?.find((r) => r.matchers.includes('severity="warning"'));
      expect(warning?.active_time_intervals).toEqual(t.warningTimeInterval ? [t.warningTimeInterval] : undefined);
    }
  });

  it('mutes warnings and infos of the same component while a critical fires, and pod alerts on a node that is down', () => {
    const parsed = parse(yaml) as { inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[] };
    expect(parsed.inhibit_rules).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ['component', ...env.alerting.inhibition.equal] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ['component', ...env.alerting.inhibition.equal] },
      {
        source_matchers: ['alertname=~"KubeNodeNotReady|KubeNodeUnreachable"'],
        target_matchers: ['alertname=~"KubePodNotReady|KubePodCrashLooping|KubeContainerWaiting"'],
        equal: ['cluster', 'node'],
      },
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"', 'alertname!="Watchdog"'], equal: ['namespace'] },
    ]);
  });
});

describe('escalation routing', () => {
  const env = environment('prod');
  const labels = { alertname: 'AlertEscalated', severity: 'critical', escalation: 'true', escalated_alertname: 'KubePodNotReady', component: 'alerting' };

  it('sends escalations to escalation.receiver when one is configured, whatever the team', () => {
    const dir = tempDir('amtool-escalation-');
    const alerting = { ...env.alerting, escalation: { ...env.alerting.escalation, receiver: 'platform-email' } };
    const path = join(dir, 'alertmanager.yaml');
    writeFileSync(path, renderAlertmanagerYaml(alerting, { templatesDir: dir }));
    writeFileSync(join(dir, 'platform.tmpl'), '');
    expect(route(path, { ...labels, team: 'payments' })).toBe('platform-email');
    expect(route(path, { ...labels, team: 'platform' })).toBe('platform-email');
    // other criticals still page their team
    expect(route(path, { alertname: 'SLOErrorBudgetBurnFast', severity: 'critical', team: 'payments' })).toBe('payments-pager');
  });

  it('never routes a ticket-tier warning to a pager, however long it fires (there is no escalation rule for it)', () => {
    const path = writeShipped(env);
    for (const t of env.alerting.routing.teams) {
      const receiver = route(path, { alertname: 'SLOErrorBudgetBurnSlow', severity: 'warning', team: t.team, component: 'slo' });
      expect(env.alerting.receivers.find((r) => r.name === receiver)?.type).not.toBe('pagerduty');
    }
  });
});

describe('production routing', () => {
  const env = environment('prod');
  const typeOf = (receiver: string) => env.alerting.receivers.find((r) => r.name === receiver)?.type;

  it('pages on critical, chats on warning, and gives payments its own pager', () => {
    const path = writeShipped(env);
    expect(typeOf(route(path, { alertname: 'A', severity: 'critical', team: 'platform' }))).toBe('pagerduty');
    expect(typeOf(route(path, { alertname: 'A', severity: 'warning', team: 'platform' }))).toBe('slack');
    expect(route(path, { alertname: 'A', severity: 'critical', team: 'payments' })).toBe('payments-pager');
    expect(route(path, { alertname: 'A', severity: 'warning', team: 'storefront' })).toBe('storefront-chat');
  });
});

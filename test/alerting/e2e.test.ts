/**
 * Loopback end-to-end: the real Prometheus loads every synthesized production rule file, the real Alertmanager loads
 * the production routing config (receiver URLs pointed at a local listener through the same `*_file` secrets, timings
 * shortened so the test takes seconds), Watchdog fires and reaches the heartbeat receiver, also after the listener
 * was down for a while. Only 127.0.0.1 and free ports; every wait is bounded; processes are always stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiverSecretKey } from '../../config/sections/alerting.js';
import { MESSAGE_TEMPLATES, renderAlertmanagerYaml, TEMPLATE_FILE } from '../../cdk8s/alerting/routing/alertmanager-config.js';
import { environment } from '../support/envs.js';
import { SILENCE_COMMANDS } from '../../scripts/lib/alerting-docs.js';
import { alertmanagerCommand, runToolAsync, shippedRules, toolPath, writeRuleFiles } from '../support/tools.js';
import { freePort, stopAll, waitFor } from '../support/processes.js';

const HOST = '127.0.0.1';



interface Received {
  readonly path: string;
  readonly body: { receiver?: string; alerts?: { labels: Record<string, string> }[]; text?: string; attachments?: { title?: string; text?: string }[] };
}

/** The stand-in for every receiver endpoint: records each POST by path. */
class Listener {
  readonly received: Received[] = [];
  private server?: Server;
  constructor(private readonly port: number) {}

  start(): Promise<void> {
    this.server = createHttpServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        this.received.push({ path: req.url ?? '', body: JSON.parse(data || '{}') as Received['body'] });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    return new Promise((resolve) => this.server?.listen(this.port, HOST, () => resolve()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('alerting end to end on loopback', () => {
  const env = environment('prod');
  const processes: ChildProcess[] = [];
  const logs: Record<string, string> = { prometheus: '', alertmanager: '' };
  let listener: Listener;
  let amUrl = '';
  let downSince = 0;
  let dir = '';
  let promUrl = '';

  /** waitFor, with both servers' logs in the failure message. */
  async function waitLogged<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
    try {
      return await waitFor(what, timeoutMs, probe);
    } catch (e) {
      const tail = (log: string) => log.split('\n').filter((l) => !l.includes('level=DEBUG')).slice(-25).join('\n');
      throw new Error(`${(e as Error).message}\n--- alertmanager ---\n${tail(logs.alertmanager)}\n--- prometheus ---\n${tail(logs.prometheus)}`);
    }
  }

  function start(name: 'prometheus' | 'alertmanager', args: string[]): void {
    const cmd = name === 'alertmanager' ? alertmanagerCommand(args) : { command: toolPath(name), args };
    const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (logs[name] += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (logs[name] += d.toString()));
    processes.push(child);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alerting-e2e-'));
    const [listenerPort, amPort, promPort] = [await freePort(HOST), await freePort(HOST), await freePort(HOST)];
    listener = new Listener(listenerPort);
    amUrl = `http://${HOST}:${amPort}`;
    promUrl = `http://${HOST}:${promPort}`;

    // Receiver credentials, as External Secrets would write them, but pointing at the local listener.
    const secretsDir = join(dir, 'secrets');
    mkdirSync(secretsDir);
    for (const r of env.alerting.receivers) {
      const value = r.type === 'pagerduty' || r.type === 'email' ? 'test-credential' : `http://${HOST}:${listenerPort}/${r.name}`;
      writeFileSync(join(secretsDir, receiverSecretKey(r)), value);
    }
    writeFileSync(join(dir, TEMPLATE_FILE), MESSAGE_TEMPLATES);
    // The production routing model with second-scale timings (the only change).
    const alerting = {
      ...env.alerting,
      routing: {
        ...env.alerting.routing,
        groupWait: '1s',
        groupInterval: '2s',
        heartbeat: { ...env.alerting.routing.heartbeat, repeatInterval: '2s' },
      },
    };
    writeFileSync(join(dir, 'alertmanager.yaml'), renderAlertmanagerYaml(alerting, { secretsDir, templatesDir: dir }));

    const rulesDir = join(dir, 'rules');
    mkdirSync(rulesDir);
    const ruleFiles = writeRuleFiles(shippedRules('prod'), rulesDir);
    writeFileSync(
      join(dir, 'prometheus.yaml'),
      stringify({
        global: { evaluation_interval: '1s', scrape_interval: '5s' },
        rule_files: ruleFiles,
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`${HOST}:${amPort}`] }] }] },
      }),
    );

    // The listener stays down at first: the first notification attempts fail.
    downSince = Date.now();
    start('alertmanager', [
      `--config.file=${join(dir, 'alertmanager.yaml')}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=${HOST}:${amPort}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ]);
    start('prometheus', [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=${HOST}:${promPort}`,
      // Alerts that fire before the Alertmanager target is discovered (a few seconds) are re-sent after this delay.
      '--rules.alert.resend-delay=1s',
    ]);
    await waitLogged('alertmanager to be ready', 15_000, async () => ((await fetch(`${amUrl}/-/ready`)).ok ? true : undefined));
    await waitLogged('prometheus to be ready', 15_000, async () => ((await fetch(`http://${HOST}:${promPort}/-/ready`)).ok ? true : undefined));
  });

  afterAll(async () => {
    await stopAll(processes, 5_000);
    await listener?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the Watchdog to the heartbeat receiver after the receiver was down for a while', async () => {
    // Prometheus fires Watchdog; Alertmanager tries the heartbeat webhook while nothing listens.
    await waitLogged('Prometheus to fire Watchdog', 15_000, async () => {
      const body = (await (await fetch(`${promUrl}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
      return body.data.alerts.some((a) => a.labels.alertname === 'Watchdog' && a.state === 'firing') ? true : undefined;
    });
    await waitLogged('Watchdog to reach Alertmanager', 15_000, async () => {
      const alerts = (await (await fetch(`${amUrl}/api/v2/alerts?filter=alertname%3D%22Watchdog%22`)).json()) as unknown[];
      return alerts.length > 0 ? true : undefined;
    });
    await waitLogged('a failed delivery attempt', 10_000, () => (/Notify attempt failed|Notify for alerts failed|connection refused/.test(logs.alertmanager) ? true : undefined));
    expect(Date.now() - downSince).toBeGreaterThan(1_000);
    await listener.start();
    const got = await waitLogged('the heartbeat notification', 20_000, () =>
      listener.received.find((r) => r.path === `/${env.alerting.routing.heartbeat.receiver}`),
    );
    expect(got.body.receiver).toBe(env.alerting.routing.heartbeat.receiver);
    expect(got.body.alerts?.map((a) => a.labels.alertname)).toContain('Watchdog');
  });

  it('routes a warning to chat with summary, description and runbook link in the message', async () => {
    const labels = { alertname: 'KubeNodeNotReady', severity: 'warning', team: 'platform', namespace: 'e2e' };
    const annotations = { summary: 'e2e summary', description: 'e2e description', runbook_url: 'https://example.com/docs/runbooks/KubeNodeNotReady.md' };
    const res = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels, annotations }]),
    });
    expect(res.ok).toBe(true);
    const chat = env.alerting.routing.severity.warning;
    const got = await waitLogged('the chat notification', 15_000, () => listener.received.find((r) => r.path === `/${chat}`));
    const text = JSON.stringify(got.body);
    expect(text).toContain('e2e summary');
    expect(text).toContain('e2e description');
    expect(text).toContain('https://example.com/docs/runbooks/KubeNodeNotReady.md');
  });

  it('inhibits for real: a critical mutes the warnings of its component; a node that is not ready mutes the pod alerts on it', async () => {
    // Label sets as the shipped rules produce them: the rule's static labels plus labels the expression yields.
    const rules = shippedRules('prod').flatMap((r) => r.groups.flatMap((g) => g.rules));
    const shipped = (alert: string, severity: string, labels: Record<string, string>) => {
      const rule = rules.find((r) => r.alert === alert && r.labels?.severity === severity);
      if (!rule) throw new Error(`prod ships no ${severity} ${alert}`);
      return { labels: { alertname: alert, ...rule.labels, ...labels, e2e: 'inhibition' }, annotations: { summary: 's', description: 'd', runbook_url: 'https://example.com/r.md' } };
    };
    const es = { namespace: 'logging', cluster: 'logging' };
    const alerts = [
      shipped('ElasticsearchClusterRed', 'critical', es),
      shipped('ElasticsearchClusterYellow', 'warning', es),
      shipped('KubeDeploymentReplicasMismatch', 'warning', { namespace: 'logging', deployment: 'kibana' }),
      shipped('KubePersistentVolumeFillingUp', 'critical', { namespace: 'monitoring', persistentvolumeclaim: 'prometheus-db-0' }),
      shipped('KubePersistentVolumeFillingUp', 'warning', { namespace: 'monitoring', persistentvolumeclaim: 'prometheus-db-0' }),
      shipped('KubePersistentVolumeFillingUp', 'warning', { namespace: 'monitoring', persistentvolumeclaim: 'alertmanager-db-0' }),
      shipped('KubeNodeNotReady', 'warning', { node: 'ip-10-0-1-1' }),
      shipped('KubePodNotReady', 'warning', { namespace: 'shop', pod: 'checkout-1', node: 'ip-10-0-1-1' }),
      shipped('KubePodCrashLooping', 'warning', { namespace: 'shop', pod: 'catalog-1', container: 'app', node: 'ip-10-0-1-2' }),
    ];
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.ok).toBe(true);
    type ApiAlert = { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } };
    const key = (l: Record<string, string>) => `${l.alertname}/${l.severity}/${l.persistentvolumeclaim ?? l.node ?? l.deployment ?? ''}`;
    const states = await waitLogged('the inhibitions to apply', 10_000, async () => {
      const list = (await (await fetch(`${amUrl}/api/v2/alerts?filter=e2e%3D%22inhibition%22`)).json()) as ApiAlert[];
      const byKey = Object.fromEntries(list.map((a) => [key(a.labels), a.status.state]));
      return list.length === alerts.length && byKey['ElasticsearchClusterYellow/warning/'] === 'suppressed' ? byKey : undefined;
    });
    expect(states).toEqual({
      'ElasticsearchClusterRed/critical/': 'active',
      'ElasticsearchClusterYellow/warning/': 'suppressed',
      // another component in the same namespace is not muted
      'KubeDeploymentReplicasMismatch/warning/kibana': 'active',
      'KubePersistentVolumeFillingUp/critical/prometheus-db-0': 'active',
      'KubePersistentVolumeFillingUp/warning/prometheus-db-0': 'suppressed',
      'KubePersistentVolumeFillingUp/warning/alertmanager-db-0': 'active',
      'KubeNodeNotReady/warning/ip-10-0-1-1': 'active',
      'KubePodNotReady/warning/ip-10-0-1-1': 'suppressed',
      'KubePodCrashLooping/warning/ip-10-0-1-2': 'active',
    });
  });

  it('runs the silence commands of docs/incident-response.md against the real Alertmanager', async () => {
    const am = (args: readonly string[]) => runToolAsync('amtool', [`--alertmanager.url=${amUrl}`, ...args], { timeoutMs: 20_000 });
    const added = await am(SILENCE_COMMANDS.add);
    expect(added.status, added.output).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await am([...SILENCE_COMMANDS.query, '--quiet']);
    expect(listed.stdout.split('\n')).toContain(id);
    const ack = await am(SILENCE_COMMANDS.ackEscalation);
    expect(ack.status, ack.output).toBe(0);
    const window = await am(SILENCE_COMMANDS.maintenance);
    expect(window.status, window.output).toBe(0);
    // the planned window is pending (starts in the future), the others active
    const silences = (await (await fetch(`${amUrl}/api/v2/silences`)).json()) as { id: string; status: { state: string }; comment: string }[];
    expect(silences.find((x) => x.id === window.stdout.trim())?.status.state).toBe('pending');
    expect(silences.find((x) => x.id === ack.stdout.trim())?.status.state).toBe('active');
    const expired = await am(SILENCE_COMMANDS.expire.map((a) => (a === '<silence-id>' ? id : a)));
    expect(expired.status, expired.output).toBe(0);
    const after = await am([...SILENCE_COMMANDS.query, '--quiet']);
    expect(after.stdout.split('\n')).not.toContain(id);
  });
});

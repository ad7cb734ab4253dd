/**
 * A catalog service end to end on loopback, with real processes: the sample service (examples/sample-service) runs on
 * 127.0.0.1 with random ports; the real Prometheus scrapes it with a scrape config derived from the synthesized
 * ServiceMonitor (port, path and relabelings → a static target with the same labels) and loads the synthesized
 * service recording rules and SLO rule group of dev; the real Alertmanager runs dev's generated routing, with every
 * receiver URL pointed at a local webhook. The test drives traffic, injects errors through the service's fault knob
 * and checks that the SLO fast-burn alert reaches the owning team's receiver with its labels, resolves after the
 * errors stop, and that the service dashboard's queries return data.
 *
 * Adaptations, only here: the alert's `for: 2m` becomes `for: 2s` (same expressions, windows and thresholds: 100 %
 * errors exceed 14.4× the 1 % budget over 5m and 1h at once), scrape and evaluation run every second, and the
 * Alertmanager group timings are seconds instead of minutes. Every wait is bounded; afterAll stops every process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_TEMPLATES, renderAlertmanagerYaml, TEMPLATE_FILE } from '../../cdk8s/alerting/routing/alertmanager-config.js';
import { serviceDashboard } from '../../cdk8s/metrics/dashboards/service.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import { receiverSecretKey } from '../../config/sections/alerting.js';
import { environment } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';
import { alertmanagerCommand, chartsOutObjects, shippedRules, toolPath, writeRuleFiles } from '../support/tools.js';
import { freePort, stopAll, waitFor } from '../support/processes.js';

const HOST = '127.0.0.1';
const SERVICE = 'sample-api';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);



interface Notification {
  readonly path: string;
  readonly body: { attachments?: { title?: string; text?: string }[]; text?: string };
}

/** Scrape config equivalent to a ServiceMonitor of one Service: its relabelings become target labels. */
export function scrapeConfigFromServiceMonitor(monitor: Obj, target: string): Obj {
  const meta = o(monitor.metadata);
  const spec = o(monitor.spec);
  const endpoint = o(a(spec.endpoints)[0]);
  const namespace = String(a(o(spec.namespaceSelector).matchNames)[0] ?? meta.namespace);
  // prometheus-operator: job = the Service's name (no jobLabel), namespace = the Service's namespace.
  const service = String(o(o(spec.selector).matchLabels)['app.kubernetes.io/name']);
  const labels: Record<string, string> = { job: service, namespace, service, endpoint: String(endpoint.port) };
  for (const r of a(endpoint.relabelings).map(o)) {
    if (String(r.action ?? 'replace') !== 'replace' || r.sourceLabels !== undefined) throw new Error(`relabeling ${JSON.stringify(r)} is not a constant replace; extend this test`);
    labels[String(r.targetLabel)] = String(r.replacement);
  }
  return {
    job_name: `serviceMonitor/${String(meta.namespace)}/${String(meta.name)}/0`,
    metrics_path: String(endpoint.path ?? '/metrics'),
    scheme: String(endpoint.scheme ?? 'http'),
    scrape_interval: '1s',
    static_configs: [{ targets: [target], labels }],
  };
}

describe('a catalog service end to end on loopback', () => {
  const env = environment('dev');
  const svc = env.services.find((s) => s.name === SERVICE);
  const processes: ChildProcess[] = [];
  const logs: Record<string, string> = { service: '', prometheus: '', alertmanager: '' };
  const received: Notification[] = [];
  let webhook: Server | undefined;
  let dir = '';
  let promUrl = '';
  let amUrl = '';
  let apiUrl = '';
  let adminUrl = '';
  const tail = () =>
    Object.entries(logs)
      .map(([k, v]) => `--- ${k} ---\n${v.split('\n').filter((l) => !l.includes('level=DEBUG') && !l.includes('"GET /api/items')).slice(-15).join('\n')}`)
      .join('\n');

  function start(name: string, command: string, args: readonly string[], extraEnv: Record<string, string> = {}): ChildProcess {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
    const append = (d: Buffer) => {
      logs[name] = (logs[name] ?? '') + d.toString();
      if ((logs[name]?.length ?? 0) > 200_000) logs[name] = logs[name]?.slice(-100_000) ?? '';
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    processes.push(child);
    return child;
  }

  const query = async (expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error ?? ''}`);
    return body.data.result;
  };

  /** `count` GET /api/items requests, `concurrency` at a time; returns the status codes seen. */
  async function traffic(count: number, concurrency = 10): Promise<number[]> {
    const codes: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const res = await fetch(`${apiUrl}/api/items`);
          await res.arrayBuffer();
          codes.push(res.status);
        }
      }),
    );
    return codes;
  }

  const setFault = async (errorRate: number) => {
    const res = await fetch(`${adminUrl}/admin/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate }) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    if (!svc) throw new Error(`dev has no catalog service ${SERVICE}`);
    dir = mkdtempSync(join(tmpdir(), 'services-e2e-'));
    const [hookPort, amPort, promPort] = [await freePort(HOST), await freePort(HOST), await freePort(HOST)];
    promUrl = `http://${HOST}:${promPort}`;
    amUrl = `http://${HOST}:${amPort}`;

    // The stand-in for every receiver endpoint: records each POST by path (`/<receiver>`).
    webhook = createHttpServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(data || '{}') as Notification['body'] });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => webhook?.listen(hookPort, HOST, () => resolve()));
    const hook = (receiver: string) => `http://${HOST}:${hookPort}/${receiver}`;

    // The sample service, as its image runs it but from source, on random loopback ports.
    start('service', process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'examples', 'sample-service', 'src', 'main.ts')], {
      HOST,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_DELAY_SECONDS: '0',
      SHUTDOWN_TIMEOUT_SECONDS: '2',
    });

    // Alertmanager: dev's generated routing; receiver credentials as External Secrets writes them, but every URL is
    // the local webhook (PagerDuty's events URL too), and group timings are seconds.
    const secretsDir = join(dir, 'secrets');
    mkdirSync(secretsDir);
    for (const r of env.alerting.receivers) writeFileSync(join(secretsDir, receiverSecretKey(r)), r.type === 'slack' || r.type === 'webhook' ? hook(r.name) : 'test-credential');
    writeFileSync(join(dir, TEMPLATE_FILE), MESSAGE_TEMPLATES);
    const alerting = { ...env.alerting, routing: { ...env.alerting.routing, groupWait: '1s', groupInterval: '1s' } };
    const am = o(parse(renderAlertmanagerYaml(alerting, { secretsDir, templatesDir: dir })));
    for (const r of a(am.receivers).map(o)) for (const pd of a(r.pagerduty_configs).map(o)) pd.url = hook(String(r.name));
    writeFileSync(join(dir, 'alertmanager.yaml'), stringify(am));

    // Prometheus: the ServiceMonitor's scrape, the service recording rules and the service's SLO group.
    const started = await waitFor('the service to listen', 20_000, () => {
      const line = (logs.service ?? '').split('\n').find((l) => l.includes('"listening"'));
      return line ? (JSON.parse(line) as { port: number; metrics_port: number }) : undefined;
    }, tail);
    apiUrl = `http://${HOST}:${started.port}`;
    adminUrl = `http://${HOST}:${started.metrics_port}`;
    const monitor = chartsOutObjects('dev').find((d) => d.kind === 'ServiceMonitor' && d.metadata?.name === SERVICE && d.metadata.namespace === svc.namespace);
    if (!monitor) throw new Error(`charts-out/dev has no ServiceMonitor ${svc.namespace}/${SERVICE}`);
    const scrape = scrapeConfigFromServiceMonitor(o(monitor), `${HOST}:${started.metrics_port}`);
    const rules = shippedRules('dev')
      .filter((r) => r.name === `slo-${SERVICE}` || r.name === 'platform-service-recording')
      .map((r) => ({
        ...r,
        groups: r.groups.map((g) => ({ ...g, rules: g.rules.map((rule) => (rule.alert === 'SLOErrorBudgetBurnFast' ? { ...rule, for: '2s' } : rule)) })),
      }));
    expect(rules.map((r) => r.name).sort()).toEqual(['platform-service-recording', `slo-${SERVICE}`]);
    const rulesDir = join(dir, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(
      join(dir, 'prometheus.yaml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: writeRuleFiles(rules, rulesDir),
        scrape_configs: [scrape],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`${HOST}:${amPort}`] }] }] },
      }),
    );
    const amCmd = alertmanagerCommand([
      `--config.file=${join(dir, 'alertmanager.yaml')}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=${HOST}:${amPort}`,
      '--cluster.listen-address=',
    ]);
    start('alertmanager', amCmd.command, amCmd.args);
    start('prometheus', toolPath('prometheus'), [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=${HOST}:${promPort}`,
      '--rules.alert.resend-delay=1s',
    ]);
    await waitFor('alertmanager to be ready', 20_000, async () => ((await fetch(`${amUrl}/-/ready`)).ok ? true : undefined), tail);
    await waitFor('prometheus to be ready', 20_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined), tail);
  });

  afterAll(async () => {
    await stopAll(processes, 5_000);
    await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pages the owning team on a fast error-budget burn, resolves when errors stop, and feeds the service dashboard', async () => {
    if (!svc) throw new Error('unreachable');
    // Healthy traffic first: Prometheus scrapes the target with the ServiceMonitor's labels.
    await waitFor('the scrape target to be up with the catalog labels', 15_000, async () => {
      const up = await query(`up{service="${SERVICE}", team="${svc.team}", namespace="${svc.namespace}", job="${SERVICE}"}`);
      return up.some((r) => r.value[1] === '1') ? true : undefined;
    }, tail);
    expect(new Set(await traffic(60))).toEqual(new Set([200]));

    // Every request fails: both fast-burn windows exceed 14.4 × the budget at once.
    await setFault(1);
    let firing: Notification | undefined;
    const deadline = Date.now() + 40_000;
    while (!firing && Date.now() < deadline) {
      const codes = await traffic(20, 4);
      expect(codes.every((c) => c === 500)).toBe(true);
      firing = received.find((n) => n.path === `/${team.critical}` && (n.body.attachments?.[0]?.title ?? '').startsWith('[FIRING'));
      if (!firing) await new Promise((r) => setTimeout(r, 250));
    }
    if (!firing) throw new Error(`no firing notification at /${team.critical} within 40 s; got ${JSON.stringify(received.map((n) => n.path))}\n${tail()}`);
    const attachment = firing.body.attachments?.[0] ?? {};
    expect(attachment.title).toBe(`[FIRING:1] SLOErrorBudgetBurnFast (${svc.namespace})`);
    expect(attachment.text).toContain(`Service ${SERVICE} is burning its error budget fast.`);
    expect(attachment.text).toContain(`Severity: critical | Team: ${svc.team}`);
    // The team route won: by severity alone a critical alert would page the default critical receiver.
    expect(env.alerting.routing.severity.critical).not.toBe(team.critical);
    expect(received.filter((n) => n.path === `/${env.alerting.routing.severity.critical}`)).toEqual([]);
    const amAlerts = (await (await fetch(`${amUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="SLOErrorBudgetBurnFast"')}`)).json()) as { labels: Record<string, string> }[];
    expect(amAlerts.map((x) => x.labels)).toEqual([expect.objectContaining({ service: SERVICE, team: svc.team, namespace: svc.namespace, severity: 'critical' })]);

    // The dashboard's queries all return data for the service (errors and requests are both present now).
    const model = serviceDashboard(svc, querySelectors(env.metrics.queries)).model;
    const exprs = [...new Set(JSON.stringify(model).match(/"expr":"((?:[^"\\]|\\.)*)"/g)?.map((m) => JSON.parse(`{${m}}`) as { expr: string }).map((x) => x.expr) ?? [])];
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) {
      await waitFor(`dashboard query ${expr} to return data`, 10_000, async () => ((await query(expr)).length > 0 ? true : undefined), tail);
    }

    // Errors stop; healthy traffic dilutes the 5m window below the threshold and the alert resolves.
    await setFault(0);
    let resolved: Notification | undefined;
    const until = Date.now() + 40_000;
    while (!resolved && Date.now() < until) {
      const codes = await traffic(400, 40);
      expect(codes.every((c) => c === 200)).toBe(true);
      resolved = received.find((n) => n.path === `/${team.critical}` && (n.body.attachments?.[0]?.title ?? '').startsWith('[RESOLVED'));
    }
    if (!resolved) throw new Error(`no resolved notification within 40 s\n${tail()}`);
    expect(resolved.body.attachments?.[0]?.title).toBe(`[RESOLVED] SLOErrorBudgetBurnFast (${svc.namespace})`);
  });

  const team = ((): { critical: string } => {
    const route = env.alerting.routing.teams.find((t) => t.team === svc?.team);
    if (!route) throw new Error(`team ${svc?.team ?? ''} has no route in dev`);
    return { critical: route.critical };
  })();
});

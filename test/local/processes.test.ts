/**
 * The local stack's Prometheus and Alertmanager files, run by the real servers as plain processes on 127.0.0.1
 * (no Docker here): Prometheus loads the generated config and every generated rule group, lists the scrape jobs and
 * finds Alertmanager; Alertmanager loads its generated config (amtool agrees) and routes like the dev cluster.
 * Paths are rewritten for the host only by scripts/lib/local/host.ts. Started once, every wait bounded, always stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerConfigPath, prometheusConfigForHost } from '../../scripts/lib/local/host.js';
import { LOCAL_FILES } from '../../scripts/lib/local/stack.js';
import { synthRoot } from '../support/synthesized.js';
import { alertmanagerCommand, runTool, toolPath } from '../support/tools.js';
import { freePort, stopAll, waitFor } from '../support/processes.js';

const HOST = '127.0.0.1';
/** The run's shared synthesis (test/support/global-setup.ts); the committed copy is guarded by the drift test. */
const LOCAL = join(synthRoot(), 'charts-out', 'local');



const getJson = async <T>(url: string): Promise<T> => {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
};

/** Rule group names of the generated rule files. */
function generatedGroups(): string[] {
  const dir = join(LOCAL, LOCAL_FILES.prometheusRules);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rules.yaml'))
    .flatMap((f) => ((parse(readFileSync(join(dir, f), 'utf8')) as { groups: { name: string }[] }).groups ?? []).map((g) => g.name))
    .sort();
}

describe('local stack: Prometheus and Alertmanager as processes', () => {
  const processes: ChildProcess[] = [];
  let log = '';
  let dir = '';
  let promUrl = '';
  let amUrl = '';
  let amAddress = '';

  function start(command: string, args: string[]): void {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    processes.push(child);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-stack-'));
    const [amPort, promPort] = [await freePort(HOST), await freePort(HOST)];
    amAddress = `${HOST}:${amPort}`;
    amUrl = `http://${amAddress}`;
    promUrl = `http://${HOST}:${promPort}`;
    writeFileSync(join(dir, 'prometheus.yaml'), stringify(prometheusConfigForHost({ localDir: LOCAL, alertmanager: amAddress })));
    const am = alertmanagerCommand([
      `--config.file=${alertmanagerConfigPath(LOCAL)}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=${amAddress}`,
      '--cluster.listen-address=',
    ]);
    start(am.command, am.args);
    start(toolPath('prometheus'), [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=${HOST}:${promPort}`,
    ]);
    const ready = (url: string) => async () => ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok ? true : undefined);
    await waitFor('alertmanager to be ready', 10_000, ready(`${amUrl}/-/ready`), () => log);
    await waitFor('prometheus to be ready', 10_000, ready(`${promUrl}/-/ready`), () => log);
  });

  afterAll(async () => {
    await stopAll(processes, 3_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every generated rule group', async () => {
    const expected = generatedGroups();
    expect(expected.length).toBeGreaterThan(5);
    const loaded = await waitFor(
      'the rule groups',
      5_000,
      async () => {
        const body = await getJson<{ data: { groups: { name: string; file: string }[] } }>(`${promUrl}/api/v1/rules`);
        return body.data.groups.length ? body.data.groups : undefined;
      },
      () => log,
    );
    expect(loaded.map((g) => g.name).sort()).toEqual(expected);
    expect(loaded.every((g) => g.file.startsWith(join(LOCAL, LOCAL_FILES.prometheusRules)))).toBe(true);
  });

  it('has the scrape jobs of the local components and the sample service, and finds Alertmanager', async () => {
    const active = await waitFor(
      'the scrape targets',
      5_000,
      async () => {
        const body = await getJson<{ data: { activeTargets: { labels: Record<string, string> }[] } }>(`${promUrl}/api/v1/targets`);
        return body.data.activeTargets.length >= 4 ? body.data.activeTargets : undefined;
      },
      () => log,
    );
    expect(active.map((t) => t.labels.job).sort()).toEqual(['alertmanager', 'grafana', 'prometheus', 'sample-api']);
    const sample = active.find((t) => t.labels.job === 'sample-api');
    expect(sample?.labels.service).toBe('sample-api');
    const ams = await waitFor(
      'the Alertmanager to be discovered',
      5_000,
      async () => {
        const body = await getJson<{ data: { activeAlertmanagers: { url: string }[] } }>(`${promUrl}/api/v1/alertmanagers`);
        return body.data.activeAlertmanagers.length ? body.data.activeAlertmanagers : undefined;
      },
      () => log,
    );
    expect(ams.map((a) => a.url)).toEqual([`${amUrl}/api/v2/alerts`]);
  });

  it('runs Alertmanager on the generated config, which amtool accepts and which routes like dev', async () => {
    const check = runTool('amtool', ['check-config', alertmanagerConfigPath(LOCAL)]);
    expect(check.status, check.output).toBe(0);
    const status = await getJson<{ config: { original: string } }>(`${amUrl}/api/v2/status`);
    const running = parse(status.config.original) as { receivers: { name: string }[] };
    const generated = parse(readFileSync(alertmanagerConfigPath(LOCAL), 'utf8')) as { receivers: { name: string }[] };
    expect(running.receivers.map((r) => r.name)).toEqual(generated.receivers.map((r) => r.name));
    const route = (...labels: string[]) =>
      runTool('amtool', ['config', 'routes', 'test', `--config.file=${alertmanagerConfigPath(LOCAL)}`, ...labels]).stdout.trim();
    expect(route('alertname=Watchdog')).toBe('heartbeat');
    expect(route('alertname=KubeNodeNotReady', 'severity=critical')).toBe('platform-pager');
  });
});

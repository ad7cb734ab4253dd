/**
 * Fault test of the long-term store path with real processes on loopback: a real Prometheus scrapes a small probe
 * exporter and remote-writes — with the queue and write relabelling the platform generates — to a second real
 * Prometheus started with `--web.enable-remote-write-receiver`, standing in for Amazon Managed Service for Prometheus.
 * The receiver is stopped for the outage and restarted on the same data; the test then requires that every sample of
 * the probe's series from the outage window arrived (0 lost), and that the generated remote-write alerts fired during
 * the outage.
 *
 * Time bounds: the outage lasts REMOTE_WRITE_OUTAGE_SECONDS (default 60 s so `npm test` stays fast; run with e.g.
 * `REMOTE_WRITE_OUTAGE_SECONDS=300 npx vitest run test/metrics/remote-write-outage.test.ts` for a several-minute outage).
 * Scrapes and rule evaluations run every second.
 *
 * Adaptations, here and only here: the queue is the generated one except batchSendDeadline and maxBackoff, cut to 1 s
 * so a one-minute test does not spend its time waiting for batches and retries (they bound latency, not loss); and the
 * generated alert rules are loaded with their expressions as generated,
 * but without `for:` (15 minutes, longer than any outage this test runs), and with the PrometheusRemoteWriteBehind
 * threshold set to a quarter of the outage, at least 10 s (the shipped 120 s would never be reached by a 60 s outage). Both are the
 * generator's own inputs (`for` dropped from its output, the threshold through the config key
 * alerting.thresholds.remoteWriteBehindSeconds), not hand-written rules.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteWriteRules } from '../../cdk8s/alerting/alerts/remote-write.js';
import { alertContext, toRuleFileGroup } from '../../cdk8s/alerting/alerts/index.js';
import { remoteWriteSpec } from '../../cdk8s/metrics/remote-write.js';
import { sizeRemoteWrite } from '../../config/capacity.js';
import { AMP_REMOTE_NAME } from '../../contracts/long-term-metrics.js';
import { environment } from '../support/envs.js';
import { toolPath } from '../support/tools.js';
import { freePort } from '../support/processes.js';

const HOST = '127.0.0.1';
const OUTAGE_SECONDS = Number(process.env.REMOTE_WRITE_OUTAGE_SECONDS ?? 60);
const INTERVAL_SECONDS = 1;
/**
 * At most this long before the outage starts, the queue must be delivering and the alerts resolved (until the first
 * batch is sent its highest-sent timestamp is 0 and the Behind expression is true, as upstream intends for an
 * endpoint never reached).
 */
const WARMUP_SECONDS = 30;
/** batchSendDeadline and maxBackoff in this test (see the header). */
const QUEUE_LATENCY = '1s';
/** How long the restarted receiver may take to catch up before the test gives up. */
const CATCH_UP_SECONDS = 60;
const PROBE = 'outage_probe_sequence';

if (!Number.isFinite(OUTAGE_SECONDS) || OUTAGE_SECONDS < 20 || OUTAGE_SECONDS > 1800) {
  throw new Error(`REMOTE_WRITE_OUTAGE_SECONDS must be a number of seconds between 20 and 1800 (got ${process.env.REMOTE_WRITE_OUTAGE_SECONDS})`);
}


/**
 * camelCase CR fields → Prometheus' configuration keys, as prometheus-operator renders them (snake_case, except
 * `retryOnRateLimit`, which the operator writes as `retry_on_http_429`).
 */
const RENAMED: Readonly<Record<string, string>> = { retryOnRateLimit: 'retry_on_http_429' };
const snake = (key: string) => RENAMED[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]));
  return value;
}

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function instantQuery(port: number, query: string, time: number): Promise<QueryResult[]> {
  const url = `http://${HOST}:${port}/api/v1/query?query=${encodeURIComponent(query)}&time=${time}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { status: string; data?: { result: QueryResult[] }; error?: string };
  if (body.status !== 'success') throw new Error(`query ${query} on :${port} failed: ${body.error}`);
  return body.data?.result ?? [];
}

const scalar = (r: QueryResult[]): number => (r[0] ? Number(r[0].value[1]) : 0);

class PrometheusProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  log = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly args: readonly string[],
  ) {}

  async start(): Promise<void> {
    const child = spawn(toolPath('prometheus'), [...this.args, `--web.listen-address=${HOST}:${this.port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const append = (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.log}`);
      try {
        if ((await fetch(`http://${HOST}:${this.port}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} not ready within 30 s:\n${this.log}`);
  }

  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}

describe('remote write through a receiver outage (real Prometheus on loopback)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'remote-write-outage-'));
  const env = environment('prod');
  // Above the normal lag of a quiet queue (a batch leaves at the latest every batchSendDeadline), below the outage.
  const behindThreshold = Math.max(10, Math.floor(OUTAGE_SECONDS / 4));
  let probe: Server | undefined;
  let sender: PrometheusProcess;
  let receiver: PrometheusProcess;
  let outageStart = 0;
  let outageEnd = 0;
  /** The probe's series over [outageStart - 2 s, outageEnd + 2 s], as counted on each side once caught up. */
  let counts: { sender: number; receiver: number; senderSum: number; receiverSum: number; windowSeconds: number; at: number };

  beforeAll(async () => {
    const [probePort, senderPort, receiverPort] = [await freePort(HOST), await freePort(HOST), await freePort(HOST)];

    // The probe: a gauge that counts its scrapes (every sample distinct), plus runtime series the relabelling drops.
    let sequence = 0;
    probe = createHttpServer((_req, res) => {
      sequence += 1;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE ${PROBE} gauge\n${PROBE} ${sequence}\n# TYPE go_goroutines gauge\ngo_goroutines 7\n# TYPE process_open_fds gauge\nprocess_open_fds 3\n`);
    });
    await new Promise<void>((resolve) => probe?.listen(probePort, HOST, () => resolve()));

    // The generated remote-write alerts, as the adaptation in the header describes.
    const ctx = alertContext({ ...env.alerting, thresholds: { ...env.alerting.thresholds, remoteWriteBehindSeconds: behindThreshold } });
    const group = toRuleFileGroup(remoteWriteRules(ctx), env.alerting.runbookBaseUrl);
    const rules = { groups: [{ ...group, rules: group.rules.map(({ for: _for, ...rule }) => rule) }] };
    writeFileSync(join(dir, 'rules.yaml'), stringify(rules));

    // The platform's remote-write entry (queue sized by the capacity model, write relabelling), pointed at the receiver.
    const spec = remoteWriteSpec({
      name: AMP_REMOTE_NAME,
      url: `http://${HOST}:${receiverPort}/api/v1/write`,
      region: 'eu-west-1',
      queue: { ...sizeRemoteWrite({ activeSeries: 1000, scrapeIntervalSeconds: INTERVAL_SECONDS }).queue, batchSendDeadline: QUEUE_LATENCY, maxBackoff: QUEUE_LATENCY },
    });
    const { sigv4: _sigv4, ...unsigned } = spec; // loopback: no AWS to sign for
    const senderConfig = {
      global: { scrape_interval: `${INTERVAL_SECONDS}s`, evaluation_interval: `${INTERVAL_SECONDS}s`, external_labels: { cluster: 'loopback' } },
      rule_files: [join(dir, 'rules.yaml')],
      // The shipped selectors say job="prometheus": the sender scrapes itself under that job.
      scrape_configs: [
        { job_name: 'prometheus', static_configs: [{ targets: [`${HOST}:${senderPort}`] }] },
        { job_name: 'outage-probe', static_configs: [{ targets: [`${HOST}:${probePort}`] }] },
      ],
      remote_write: [snakeKeys(unsigned)],
    };
    writeFileSync(join(dir, 'sender.yaml'), stringify(senderConfig));
    writeFileSync(join(dir, 'receiver.yaml'), stringify({ global: { scrape_interval: '1m' } }));

    receiver = new PrometheusProcess('receiver', receiverPort, [
      `--config.file=${join(dir, 'receiver.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'receiver-data')}`,
      '--web.enable-remote-write-receiver',
    ]);
    sender = new PrometheusProcess('sender', senderPort, [`--config.file=${join(dir, 'sender.yaml')}`, `--storage.tsdb.path=${join(dir, 'sender-data')}`]);
    await receiver.start();
    await sender.start();

    const now = () => Date.now() / 1000;
    const warm = Date.now() + WARMUP_SECONDS * 1000;
    for (;;) {
      const delivered = scalar(await instantQuery(receiverPort, `count_over_time(${PROBE}[1m])`, now()));
      const firing = await instantQuery(senderPort, 'ALERTS{alertname=~"PrometheusRemote.*", alertstate="firing"}', now());
      // Precondition of the alert assertion: delivering, and no remote-write alert firing, when the outage starts.
      if (delivered >= 3 && firing.length === 0) break;
      if (Date.now() > warm) throw new Error(`remote write not delivering within ${WARMUP_SECONDS} s (delivered ${delivered}, firing ${firing.length}):\n${sender.log.slice(-3000)}`);
      await sleep(500);
    }

    outageStart = now();
    await receiver.stop();
    await sleep(OUTAGE_SECONDS * 1000);
    outageEnd = now();
    await receiver.start();

    // Count over the window on both sides once the receiver caught up (or the catch-up time ran out).
    const from = outageStart - 2;
    const at = outageEnd + 2;
    const windowSeconds = Math.ceil(at - from);
    const count = `count_over_time(${PROBE}{job="outage-probe"}[${windowSeconds}s])`;
    const sum = `sum_over_time(${PROBE}{job="outage-probe"}[${windowSeconds}s])`;
    const deadline = Date.now() + CATCH_UP_SECONDS * 1000;
    for (;;) {
      counts = {
        sender: scalar(await instantQuery(senderPort, count, at)),
        receiver: scalar(await instantQuery(receiverPort, count, at)),
        senderSum: scalar(await instantQuery(senderPort, sum, at)),
        receiverSum: scalar(await instantQuery(receiverPort, sum, at)),
        windowSeconds,
        at,
      };
      if ((counts.receiver >= counts.sender && counts.sender > 0) || Date.now() > deadline) break;
      await sleep(1000);
    }
  }, (WARMUP_SECONDS + OUTAGE_SECONDS + CATCH_UP_SECONDS + 90) * 1000);

  afterAll(async () => {
    await Promise.all([sender?.stop(), receiver?.stop()]);
    await new Promise<void>((resolve) => (probe ? probe.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('scraped the probe every second through the outage (the sender\'s own copy is complete)', () => {
    expect(counts.sender).toBeGreaterThanOrEqual(Math.floor((counts.windowSeconds / INTERVAL_SECONDS) * 0.9));
  });

  it('delivers every sample of the outage window once the receiver is back: 0 lost', () => {
    expect({ lost: counts.sender - counts.receiver, sum: counts.receiverSum }, `sender log:\n${sender.log.slice(-3000)}`).toEqual({
      lost: 0,
      sum: counts.senderSum,
    });
  });

  it('fired PrometheusRemoteWriteBehind or PrometheusRemoteStorageFailures during the outage', async () => {
    // The second half of the outage only: nothing from before it (the alerts were resolved when it began) can count.
    const fired = await instantQuery(
      sender.port,
      `max by (alertname, remote_name) (max_over_time(ALERTS{alertname=~"PrometheusRemoteWriteBehind|PrometheusRemoteStorageFailures", alertstate="firing"}[${Math.floor(OUTAGE_SECONDS / 2)}s]))`,
      outageEnd,
    );
    expect(fired.map((r) => r.metric.alertname)).toContain('PrometheusRemoteWriteBehind');
    expect(fired.every((r) => r.metric.remote_name === AMP_REMOTE_NAME)).toBe(true);
  });

  it('keeps the dropped runtime series out of the receiver but in the sender', async () => {
    const query = `count({__name__=~"go_goroutines|process_open_fds", job="outage-probe"})`;
    expect(scalar(await instantQuery(sender.port, query, counts.at))).toBe(2);
    expect(await instantQuery(receiver.port, query, counts.at)).toEqual([]);
  });
});

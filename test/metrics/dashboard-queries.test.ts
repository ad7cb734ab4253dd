/**
 * Every panel query and template variable of every dashboard resolves to something we produce. One real Prometheus
 * on 127.0.0.1 loads the recording rules shipped in charts-out/prod and scrapes the synthetic cluster
 * (scripts/lib/synthetic-cluster.ts) under the job labels our scrape objects give each exporter, with those objects'
 * metric relabelings, plus itself (job "prometheus", with a remote-write queue and an Alertmanager on a closed
 * loopback port, as prod has both). The dashboards come from platformDashboards() and serviceDashboards(), so a dashboard added later is
 * checked without editing this file; a family it needs is added to the synthetic cluster.
 *
 * Adaptations, here and only here: scrape and evaluation every second, and every rule group evaluated every second
 * (groups with a longer `interval` would not evaluate within the test); Grafana's interval variables become `1m`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASOURCES, platformDashboards, serviceDashboards, type DashboardFile } from '../../cdk8s/metrics/dashboards/index.js';
import { querySelectors, SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { serveSyntheticCluster, serviceTarget, syntheticCluster, type SyntheticServer, type SyntheticTarget, TARGETS } from '../../scripts/lib/synthetic-cluster.js';
import { environment } from '../support/envs.js';
import { elasticsearchExporter } from '../support/synthetic/elasticsearch.js';
import { envoyProxy } from '../support/synthetic/envoy.js';
import { filebeatExporter } from '../support/synthetic/filebeat.js';
import { logstashExporter } from '../support/synthetic/logstash.js';
import { freePort, stopAll, waitFor } from '../support/processes.js';
import { chartsOutObjects, shippedRules, toolPath } from '../support/tools.js';

const HOST = '127.0.0.1';
/** Grafana's built-in interval variables, as a window every rate in the test's first minute can use. */
const GRAFANA_INTERVALS: Readonly<Record<string, string>> = { __rate_interval: '1m', __interval: '1m', __range: '1m' };

const env = environment('prod');
const queries = querySelectors(env.metrics.queries);
const gatewayAuth = env.gateway.auth.mode;
const otherAuth = gatewayAuth === 'oidc' ? 'basic' : 'oidc';
const dashboards: DashboardFile[] = [
  ...platformDashboards(queries, { services: env.services, gatewayAuth }),
  ...serviceDashboards(env.services, queries),
  // the gateway dashboard of the other sign-in mode reads the other filter's counters
  ...platformDashboards(queries, { gatewayAuth: otherAuth })
    .filter((d) => d.uid === 'platform-gateway')
    .map((d) => ({ ...d, uid: `${d.uid} (${otherAuth})` })),
];

interface Target {
  readonly expr?: string;
  readonly refId?: string;
}
interface Panel {
  readonly type?: string;
  readonly title?: string;
  readonly targets?: readonly Target[];
}
interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { query?: string };
  readonly current?: { value?: string };
}

const panelsOf = (d: DashboardFile) => (d.model.panels ?? []) as Panel[];
const variablesOf = (d: DashboardFile) => (d.model.templating?.list ?? []) as Variable[];

const STARTED = Date.now() / 1000;
/**
 * An exporter fixture of test/support/synthetic (its exposition text `t` seconds after the start, with its sources
 * cited there) as a synthetic target under its job.
 */
function fixtureTarget(
  fixture: { readonly job: string; exposition(t: number): string },
  source: string,
  options: { readonly metricsPath?: string; readonly targetLabels?: Readonly<Record<string, string>> } = {},
): SyntheticTarget {
  return { jobLabels: { job: fixture.job }, ...options, families: [{ name: fixture.job, source, render: (c) => fixture.exposition(c.now - STARTED).trimEnd() }] };
}

/** The synthetic targets: the cluster's exporters, the logging and gateway exporters, and one per catalog service (job = its Service name). */
const targets: Record<string, SyntheticTarget> = {
  ...TARGETS,
  'elasticsearch-exporter': fixtureTarget(elasticsearchExporter, 'test/support/synthetic/elasticsearch.ts', {
    targetLabels: { namespace: 'logging', pod: 'elasticsearch-exporter-0' },
  }),
  // Filebeat and Logstash carry namespace and pod in their samples (two Filebeat pods behind one target).
  filebeat: fixtureTarget(filebeatExporter, 'test/support/synthetic/filebeat.ts', { metricsPath: '/probe' }),
  logstash: fixtureTarget(logstashExporter, 'test/support/synthetic/logstash.ts'),
  'envoy-proxy': fixtureTarget(envoyProxy, 'test/support/synthetic/envoy.ts', {
    metricsPath: '/stats/prometheus',
    targetLabels: { namespace: 'envoy-gateway-system', pod: 'envoy-gateway-platform-0' },
  }),
  ...Object.fromEntries(
    env.services.map((s) => [`service-${s.name}`, serviceTarget(s, { requests: queries.serviceRequests, latencyBuckets: queries.serviceLatencyBuckets })]),
  ),
};

interface ScrapeObject {
  readonly kind: string;
  readonly name: string;
  readonly jobLabel?: string;
  readonly endpoints: ReadonlyArray<{ path?: string; relabelings?: Array<Record<string, unknown>>; metricRelabelings?: Array<Record<string, unknown>> }>;
}

/** Our ServiceMonitors and PodMonitors in charts-out/prod. */
function scrapeObjects(): ScrapeObject[] {
  return chartsOutObjects('prod')
    .filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor')
    .map((o) => {
      const spec = (o as { spec?: { jobLabel?: string; endpoints?: ScrapeObject['endpoints']; podMetricsEndpoints?: ScrapeObject['endpoints'] } }).spec ?? {};
      return { kind: o.kind ?? '', name: o.metadata?.name ?? '', jobLabel: spec.jobLabel, endpoints: spec.endpoints ?? spec.podMetricsEndpoints ?? [] };
    });
}

/**
 * The endpoint of our scrape objects that gives a target its job labels: the object sets `job` by relabelling, or is
 * named after the job (a ServiceMonitor's job is its Service's name, which this repository gives the same name; with
 * `jobLabel` the job is that Service label, the objects then being `<job>-<endpoint>`), on the target's metrics path.
 */
function scrapeEndpointOf(target: SyntheticTarget, objects: readonly ScrapeObject[]): ScrapeObject['endpoints'][number] | undefined {
  const labels = target.jobLabels;
  const job = labels.job ?? '';
  const path = target.metricsPath ?? labels.metrics_path ?? '/metrics';
  for (const o of objects) {
    for (const e of o.endpoints) {
      const relabelled = (e.relabelings ?? []).some((r) => r.targetLabel === 'job' && r.replacement === job);
      const named = o.name === job || (o.jobLabel !== undefined && o.name.startsWith(`${job}-`));
      if ((relabelled || named) && (e.path ?? '/metrics') === path) return e;
    }
  }
  return undefined;
}

const SNAKE: Readonly<Record<string, string>> = { sourceLabels: 'source_labels', targetLabel: 'target_label' };
const toPrometheusRelabel = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [SNAKE[k] ?? k, k === 'action' && typeof v === 'string' ? v.toLowerCase() : v]));

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function api<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://${HOST}:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { status: string; data?: T; error?: string };
  if (body.status !== 'success' || body.data === undefined) throw new Error(`${path}: ${body.error ?? res.status}`);
  return body.data;
}

const instant = (port: number, expr: string) => api<{ result: Sample[] }>(port, `/api/v1/query?query=${encodeURIComponent(expr)}`).then((d) => d.result);
/** Grafana's `label_values(series, label)`: the label's values on the series over the dashboard's time range (the last hour). */
async function labelValues(port: number, label: string, series: string): Promise<string[]> {
  const end = Date.now() / 1000;
  const found = await api<string[]>(port, `/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(series)}&start=${end - 3600}&end=${end}`);
  return found.sort();
}

/** `$name` and `${name}` replaced from `values`. */
function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => values[braced ?? bare ?? ''] ?? whole);
}
const unresolved = (text: string) => /\$\{?[A-Za-z_]/.test(text);

describe('dashboard queries against a real Prometheus scraping the synthetic cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-queries-'));
  const processes: ChildProcess[] = [];
  let exporter: SyntheticServer | undefined;
  let port = 0;
  let log = '';

  beforeAll(async () => {
    const objects = scrapeObjects();
    const missing = Object.entries(targets).filter(([, t]) => !scrapeEndpointOf(t, objects));
    if (missing.length > 0) throw new Error(`synthetic targets no scrape object of charts-out/prod produces: ${missing.map(([n, t]) => `${n} ${JSON.stringify(t.jobLabels)}`).join(', ')}`);

    exporter = await serveSyntheticCluster(targets, syntheticCluster({ nodes: 2, namespaces: 2, deploymentsPerNamespace: 2, podsPerDeployment: 2 }, env.services), HOST);
    port = await freePort(HOST);
    const deadPort = await freePort(HOST);
    const rules = shippedRules('prod').flatMap((r) =>
      r.groups.flatMap((g) => {
        const recording = g.rules.filter((rule) => rule.record);
        return recording.length > 0 ? [{ name: `${r.name}/${g.name}`, interval: '1s', rules: recording }] : [];
      }),
    );
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rules }, { lineWidth: 0 }));
    const exporterPort = exporter.port;
    const scrapeConfigs = Object.entries(targets).map(([name, t]) => ({
      job_name: name,
      metrics_path: exporter?.path(name),
      honor_labels: true,
      static_configs: [{ targets: [`${HOST}:${exporterPort}`], labels: { ...t.targetLabels, ...t.jobLabels } }],
      metric_relabel_configs: (scrapeEndpointOf(t, objects)?.metricRelabelings ?? []).map(toPrometheusRelabel),
    }));
    writeFileSync(
      join(dir, 'prometheus.yaml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(dir, 'rules.yaml')],
        scrape_configs: [...scrapeConfigs, { job_name: SCRAPE_JOBS.prometheus.job, static_configs: [{ targets: [`${HOST}:${port}`] }] }],
        remote_write: [{ url: `http://${HOST}:${deadPort}/api/v1/write`, name: 'closed-port' }],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`${HOST}:${deadPort}`] }] }] },
      }),
    );
    const prom = spawn(toolPath('prometheus'), [`--config.file=${join(dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${HOST}:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(prom);
    const append = (d: Buffer) => (log = (log + d.toString()).slice(-20_000));
    prom.stdout?.on('data', append);
    prom.stderr?.on('data', append);
    const scrapeJobs = scrapeConfigs.length + 1;
    // Ready when every target was scraped and every rule group evaluated a few times (rates need two samples, and
    // rules reading recorded series one evaluation more).
    await waitFor(
      'every target up and every rule group evaluated 4 times',
      20_000,
      async () => {
        const up = await instant(port, 'up == 1');
        const iterations = await instant(port, `min(prometheus_rule_group_iterations_total{job="${SCRAPE_JOBS.prometheus.job}"}) >= 4`);
        return up.length === scrapeJobs && iterations.length === 1 ? true : undefined;
      },
      () => log,
    );
  });

  afterAll(async () => {
    await stopAll(processes);
    await exporter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves each synthetic target only under job labels of the scrape-job contract (or a catalog Service name)', () => {
    const contract = Object.values(SCRAPE_JOBS).map((labels) => JSON.stringify(labels));
    const services = env.services.map((s) => JSON.stringify({ job: s.name }));
    for (const [name, t] of Object.entries(targets)) expect([...contract, ...services], name).toContain(JSON.stringify(t.jobLabels));
  });

  it('checks the dashboards that platformDashboards() and serviceDashboards() return', () => {
    // every platform dashboard, every service dashboard, and the gateway dashboard once more for the other sign-in mode
    expect(dashboards.length).toBe(platformDashboards(queries).length + env.services.length + 1);
    expect(dashboards.map((d) => d.uid)).toEqual(
      expect.arrayContaining(['k8s-resources-cluster', 'k8s-resources-workload', 'apiserver', 'coredns', 'alertmanager-overview', 'platform-elasticsearch', 'platform-log-pipeline', 'platform-gateway', `platform-gateway (${otherAuth})`, 'platform-slo-overview']),
    );
  });

  it('resolves every template variable, and every panel query returns at least one series', async () => {
    const failures: string[] = [];
    const pending: Array<{ where: string; expr: string }> = [];
    let checked = 0;
    for (const d of dashboards) {
      const values: Record<string, string> = { ...GRAFANA_INTERVALS };
      for (const v of variablesOf(d)) {
        if (v.type === 'datasource') {
          const uid = v.current?.value ?? '';
          if (!Object.values(DATASOURCES).some((ds) => ds.uid === uid)) failures.push(`${d.uid}: variable $${v.name} defaults to unprovisioned datasource "${uid}"`);
          values[v.name] = uid;
          continue;
        }
        if (v.type !== 'query') continue;
        const raw = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
        const query = substitute(raw, values);
        const m = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
        if (!m?.[1] || !m[2] || unresolved(query)) {
          failures.push(`${d.uid}: variable $${v.name}: unsupported or unresolved query ${query}`);
          continue;
        }
        const [series, label] = [m[1], m[2]];
        // like the panel queries below, a variable over a recorded series may need a few more evaluations
        const found = await waitFor(`${d.uid} $${v.name}`, 8_000, async () => {
          const values = await labelValues(port, label, series);
          return values.length > 0 ? values : undefined;
        }).catch(() => [] as string[]);
        checked += 1;
        if (found.length === 0) failures.push(`${d.uid}: variable $${v.name}: ${query} has no values`);
        values[v.name] = found[0] ?? '';
      }
      for (const panel of panelsOf(d)) {
        for (const t of panel.targets ?? []) {
          const expr = substitute(t.expr ?? '', values);
          const where = `${d.uid} / "${panel.title ?? ''}" / ${t.refId ?? '?'}`;
          if (unresolved(expr)) failures.push(`${where}: unresolved variable in ${expr}`);
          else pending.push({ where, expr });
        }
      }
    }
    // A query reading a recorded series of a recorded series may need a few more evaluations: retry those briefly.
    const deadline = Date.now() + 8_000;
    let empty = pending;
    for (;;) {
      const results = await Promise.all(empty.map(async (p) => ({ p, n: (await instant(port, p.expr)).length })));
      empty = results.filter((r) => r.n === 0).map((r) => r.p);
      if (empty.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    failures.push(...empty.map((p) => `${p.where}: no series for ${p.expr}`));
    checked += pending.length;
    expect(checked).toBeGreaterThan(150);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('computes what the panels claim: green Elasticsearch, the gateway 5xx ratio, and the error budget left per service', async () => {
    const dashboard = (uid: string) => dashboards.find((d) => d.uid === uid);
    const expr = (uid: string, title: string, index = 0) => panelsOf(dashboard(uid) as DashboardFile).find((p) => p.title === title)?.targets?.[index]?.expr ?? '';
    const value = async (e: string) => Number((await instant(port, e))[0]?.value[1]);
    // the fixture's cluster is green (0 = green, 1 = yellow, 2 = red on the panel)
    expect(await value(expr('platform-elasticsearch', 'Cluster health'))).toBe(0);
    // the Envoy fixture answers 0.5 of its 52.5 requests per second with a 5xx. Its counters are whole numbers, as
    // Envoy's are, so over a window of a few 1 s scrapes the 5xx count can stand still: wait for 10 samples, at which
    // the ratio of the two rates is within 0.002 of the fixture's.
    const samples = 'min(count_over_time(envoy_http_downstream_rq_xx[5m]))';
    const enough = Date.now() + 20_000;
    while ((await value(samples)) < 10 && Date.now() < enough) await new Promise((r) => setTimeout(r, 1000));
    expect(await value(samples), 'samples of the Envoy counters in Prometheus').toBeGreaterThanOrEqual(10);
    expect(await value(expr('platform-gateway', '5xx ratio'))).toBeCloseTo(0.5 / 52.5, 2);
    // budget left = 1 - error ratio over the window / (1 - objective), one row per catalog service with an objective.
    // Checked in one query against the definition: the SLO rules record requests and errors separately, and a scrape
    // landing between the two at a 1 s interval skews the synthetic ratio, not the panel's arithmetic.
    const table = panelsOf(dashboard('platform-slo-overview') as DashboardFile).find((p) => p.type === 'table');
    const budgetLeft = table?.targets?.[1]?.expr ?? '';
    expect(budgetLeft).toContain('slo:sli_error:ratio_rate3d');
    const rows = await instant(port, budgetLeft);
    const withSlo = env.services.filter((s) => s.slo !== undefined).map((s) => s.name);
    expect(withSlo.length).toBeGreaterThan(1);
    expect(rows.map((r) => r.metric.service).sort()).toEqual([...withSlo].sort());
    // the services fail some requests: every budget is partly spent
    for (const r of rows) expect(Number(r.value[1]), r.metric.service).toBeLessThan(1);
    const definition = '1 - slo:sli_error:ratio_rate3d / (1 - slo:objective:ratio)';
    const off = await instant(port, `abs((${budgetLeft}) - (${definition})) > 1e-9`);
    expect(off, 'budget left differs from 1 - error ratio / (1 - objective)').toEqual([]);
    expect(await instant(port, `(${budgetLeft}) - on (service, namespace, team) (${definition})`)).toHaveLength(withSlo.length);
  });
});

/**
 * The Elasticsearch, log pipeline, gateway and SLO overview dashboards: what they show and where their selectors come
 * from. That every one of their queries returns data, and computes what its panel claims, is shown against a real
 * Prometheus by test/metrics/dashboard-queries.test.ts (with the exporter fixtures of test/support/synthetic).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { FAST_BURN, SLOW_BURN } from '../../cdk8s/alerting/slo/burn-rate.js';
import { ProxyScrape } from '../../cdk8s/gateway/proxy-scrape.js';
import { elasticsearchDashboard } from '../../cdk8s/metrics/dashboards/elasticsearch.js';
import { gatewayDashboard } from '../../cdk8s/metrics/dashboards/gateway.js';
import { platformDashboards } from '../../cdk8s/metrics/dashboards/index.js';
import type { DashboardFile } from '../../cdk8s/metrics/dashboards/panels.js';
import { sloOverviewDashboard } from '../../cdk8s/metrics/dashboards/slo-overview.js';
import { Grafana } from '../../cdk8s/metrics/grafana.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import type { Service } from '../../config/sections/services.js';
import { querySelectors, SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { REPO_ROOT } from '../support/repo.js';

const METRIC_NAMES = queryMetrics.parse({});
const QUERIES = querySelectors(METRIC_NAMES);

interface Panel {
  type: string;
  title: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: Array<{ expr: string; refId: string; format?: string; instant?: boolean }>;
  thresholds?: unknown;
  fieldConfig?: { defaults?: { thresholds?: { steps?: Array<{ value: number | null; color: string }> } } };
  transformations?: Array<{ id: string; options: { renameByName?: Record<string, string> } }>;
}
const panels = (d: DashboardFile) => (d.model.panels ?? []) as unknown as Panel[];
const titles = (d: DashboardFile) => panels(d).map((p) => p.title);
const exprs = (d: DashboardFile) => panels(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr));

const catalog = (n: number, slo = true): Service[] =>
  Array.from({ length: n }, (_, i) => ({ name: `svc-${i}`, namespace: 'shop', port: 'http', team: 'storefront', ...(slo ? { slo: { availability: 99.9 } } : {}) }));

describe('Elasticsearch dashboard', () => {
  const d = elasticsearchDashboard(QUERIES);

  it('shows health, nodes, shards, heap, indexing and search rate and latency, and disk against the watermarks', () => {
    expect(d.uid).toBe('platform-elasticsearch');
    expect(d.folder).toBe('platform');
    expect(titles(d)).toEqual([
      'Cluster health',
      'Nodes',
      'Data nodes',
      'Unassigned shards',
      'Shards',
      'JVM heap used',
      'Indexing rate',
      'Indexing latency',
      'Search rate',
      'Search latency',
      'Disk used vs allocation watermarks',
    ]);
    const disk = panels(d).find((p) => p.title === 'Disk used vs allocation watermarks')!;
    expect(disk.targets!.map((t) => t.expr).join('\n')).toMatch(/watermark_low_ratio[\s\S]*watermark_high_ratio[\s\S]*watermark_flood_stage_ratio/);
  });

  it('maps the health series to green, yellow and red', () => {
    const health = JSON.stringify(panels(d)[0]);
    for (const colour of ['green', 'yellow', 'red']) expect(health).toContain(`color=\\"${colour}\\"`);
    expect(health).toContain('"text":"red"');
  });

  it('selects every series by the exporter job of the contract', () => {
    for (const e of exprs(d)) expect(e).toContain(`job="${SCRAPE_JOBS.elasticsearch.job}"`);
    const moved = elasticsearchDashboard({ ...QUERIES, elasticsearch: 'job="es-exporter-2"' });
    for (const e of exprs(moved)) expect(e).not.toContain('elasticsearch-exporter');
  });
});

describe('gateway dashboard', () => {
  it('shows requests by route and status, 4xx/5xx, latency, rate limiting and authentication failures', () => {
    const d = gatewayDashboard(QUERIES, 'oidc');
    expect(d.uid).toBe('platform-gateway');
    expect(titles(d)).toEqual(
      expect.arrayContaining(['Requests by route and status', '4xx and 5xx ratio', 'Latency to clients', 'Backend latency p99 by route', 'Rate-limited requests', 'Authentication failures']),
    );
    const all = exprs(d).join('\n');
    expect(all).toContain('envoy_cluster_upstream_rq{job="envoy-proxy", envoy_cluster_name=~"httproute/.+"}');
    expect(all).toContain('envoy_http_local_rate_limit_rate_limited');
  });

  it('selects the proxies by the contract job and leaves out Envoy Gateway\'s own stats and readiness listeners', () => {
    const d = gatewayDashboard(QUERIES);
    for (const e of exprs(d)) expect(e).toContain(`job="${SCRAPE_JOBS.envoyProxy.job}"`);
    for (const e of exprs(d).filter((x) => x.includes('envoy_http_downstream'))) expect(e).toContain('envoy_http_conn_manager_prefix!~"admin|eg-stats-http|eg-ready-http"');
  });

  it('reads the counters of the authentication filter the environment configures', () => {
    const oidc = exprs(gatewayDashboard(QUERIES, 'oidc')).join('\n');
    const basic = exprs(gatewayDashboard(QUERIES, 'basic')).join('\n');
    expect(oidc).toContain('envoy_http_oauth_failure');
    expect(oidc).not.toContain('basic_auth');
    expect(basic).toContain('envoy_http_basic_auth_denied');
    expect(basic).not.toContain('oauth');
  });
});

describe('SLO overview dashboard', () => {
  it('has one table with a row per service: objective, budget left over the longest window and the alerts\' burn windows', () => {
    const d = sloOverviewDashboard(catalog(3));
    const table = panels(d).find((p) => p.type === 'table')!;
    const columns = Object.values(table.transformations!.find((t) => t.id === 'organize')!.options.renameByName!);
    const windows = [...new Set([...FAST_BURN, ...SLOW_BURN].map((w) => w.long))];
    expect(columns).toEqual(['Objective', 'Budget left (3d)', ...windows.map((w) => `Burn rate ${w}`)]);
    expect(table.targets!.every((t) => t.format === 'table' && t.instant === true)).toBe(true);
    expect(table.targets![1]!.expr).toBe('1 - slo:sli_error:ratio_rate3d / slo:error_budget:ratio');
  });

  it('turns "services reporting" red when fewer services report an objective than the catalog has', () => {
    const d = sloOverviewDashboard([...catalog(4), ...catalog(2, false).map((s) => ({ ...s, name: `plain-${s.name}` }))]);
    const reporting = panels(d).find((p) => p.title === 'Services reporting an objective')!;
    expect(reporting.fieldConfig?.defaults?.thresholds?.steps).toEqual([
      { value: null, color: 'red' },
      { value: 4, color: 'green' },
    ]);
  });

  it('stays the same size for 1,000 services (the rows come from the recording rules)', () => {
    const size = (n: number) => JSON.stringify(sloOverviewDashboard(catalog(n)).model).length;
    expect(Math.abs(size(1000) - size(3))).toBeLessThan(20);
  });

  it('says how to add an objective when no service has one', () => {
    const d = sloOverviewDashboard(catalog(2, false));
    expect(panels(d)).toHaveLength(1);
    expect(JSON.stringify(d.model)).toContain('slo: { availability: 99.9 }');
  });
});

describe('the new dashboards in the platform set', () => {
  it('are laid out inside the 24-column grid without overlaps', () => {
    for (const d of platformDashboards(QUERIES, { services: catalog(2), gatewayAuth: 'basic' }).filter((x) => ['platform-elasticsearch', 'platform-gateway', 'platform-slo-overview'].includes(x.uid))) {
      const cells = new Set<string>();
      for (const p of panels(d)) {
        const g = p.gridPos!;
        expect(g.x + g.w, `${d.uid}: ${p.title}`).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${d.uid}: ${p.title} overlaps`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});

describe('Envoy proxy scrape', () => {
  it('is a PodMonitor for the proxies of the platform Gateway at /stats/prometheus, job envoy-proxy', () => {
    const chart = Testing.chart();
    new ProxyScrape(chart, 'scrape', { gateway: { name: 'platform', namespace: 'gateway' } });
    const [pm] = Testing.synth(chart) as Array<{ kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: Record<string, unknown> }>;
    expect(pm?.kind).toBe('PodMonitor');
    expect(pm?.metadata).toMatchObject({ name: 'envoy-proxy', namespace: 'envoy-gateway-system', labels: { 'platform.example.com/prometheus': 'platform' } });
    expect(pm?.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'envoy',
          'app.kubernetes.io/component': 'proxy',
          'app.kubernetes.io/managed-by': 'envoy-gateway',
          'gateway.envoyproxy.io/owning-gateway-name': 'platform',
          'gateway.envoyproxy.io/owning-gateway-namespace': 'gateway',
        },
      },
      namespaceSelector: { matchNames: ['envoy-gateway-system'] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus', relabelings: [{ targetLabel: 'job', replacement: 'envoy-proxy', action: 'replace' }] }],
    });
  });
});

describe('Grafana\'s Elasticsearch CA: code and docs agree', () => {
  const chart = Testing.chart();
  const upstream = (port: number) => ({ url: `https://x:${port}`, peer: { namespace: 'logging' }, port });
  new Grafana(chart, 'grafana', {
    namespace: 'monitoring',
    image: 'docker.io/grafana/grafana:12.0.2',
    replicas: 1,
    resources: { cpu: '100m', memory: '256Mi' },
    scrapeInterval: '30s',
    dashboards: [],
    adminSecretName: 'grafana-admin',
    elasticsearchSecretName: 'grafana-elasticsearch',
    prometheus: upstream(9090),
    alertmanager: upstream(9093),
    elasticsearch: upstream(9200),
  });
  const objects = Testing.synth(chart) as Array<{ kind: string; spec?: { template?: { spec?: { volumes?: Array<{ name: string; secret?: { secretName: string; optional?: boolean } }>; containers?: Array<{ env?: Array<{ name: string }> }> } } } }>;
  const pod = objects.find((o) => o.kind === 'Deployment')!.spec!.template!.spec!;
  const docs = readFileSync(join(REPO_ROOT, 'docs', 'metrics.md'), 'utf8');
  const grafanaSection = docs.slice(docs.indexOf('## Grafana'), docs.indexOf('## Sizing knobs'));

  it('requires the CA Secret: the pod does not start with an unverifiable logs datasource', () => {
    expect(pod.volumes?.find((v) => v.name === 'elasticsearch-ca')?.secret).toEqual({ secretName: 'elasticsearch-ca', optional: false, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
    expect(pod.containers?.flatMap((c) => c.env ?? []).map((e) => e.name)).not.toContain('ES_CA_CERT');
  });

  it('is documented as required, under the Secret name and key the code mounts', () => {
    expect(grafanaSection).toMatch(/`ca\.crt` of Secret `elasticsearch-ca` in `monitoring`/);
    expect(grafanaSection).toMatch(/\*\*required\*\*/);
    expect(grafanaSection).not.toMatch(/optional env var|ES_CA_CERT|Grafana starts without it/);
  });
});

import { describe, expect, it } from 'vitest';
import { DATASOURCES, platformDashboards, serviceDashboards } from '../../cdk8s/metrics/dashboards/index.js';
import { dashboardUid } from '../../cdk8s/metrics/dashboards/panels.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import { environment } from '../support/envs.js';
import { promtoolCheckRules, resolvedDatasourceUid } from './support.js';

const QUERIES = querySelectors(queryMetrics.parse({}));
const env = environment('prod');
const all = [...platformDashboards(QUERIES), ...serviceDashboards(env.services, QUERIES)];

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string; type: string };
  targets?: Array<{ expr: string; refId: string; datasource?: { uid: string } }>;
}
const panelsOf = (model: object) => (model as { panels: Panel[] }).panels;

describe('dashboards', () => {
  it('include the platform overviews, the kube-prometheus dashboards that apply on EKS under its titles, and our Elasticsearch, log pipeline, gateway and SLO dashboards', () => {
    const byUid = Object.fromEntries(platformDashboards(QUERIES).map((d) => [d.uid, d.model.title]));
    expect(byUid).toMatchObject({
      'platform-cluster-overview': 'Cluster overview',
      'platform-node': 'Node',
      'platform-workloads': 'Workloads by namespace',
      'platform-prometheus': 'Prometheus',
      'k8s-resources-cluster': 'Kubernetes / Compute Resources / Cluster',
      'k8s-resources-namespace': 'Kubernetes / Compute Resources / Namespace (Pods)',
      'k8s-resources-workload': 'Kubernetes / Compute Resources / Workload',
      'k8s-resources-pod': 'Kubernetes / Compute Resources / Pod',
      'k8s-resources-node': 'Kubernetes / Compute Resources / Node (Pods)',
      apiserver: 'Kubernetes / API server',
      kubelet: 'Kubernetes / Kubelet',
      'k8s-networking': 'Kubernetes / Networking',
      'k8s-persistent-volumes': 'Kubernetes / Persistent Volumes',
      coredns: 'CoreDNS',
      'alertmanager-overview': 'Alertmanager / Overview',
      'platform-elasticsearch': 'Elasticsearch',
      'platform-log-pipeline': 'Log pipeline',
      'platform-gateway': 'Gateway',
      'platform-slo-overview': 'SLO overview',
    });
    expect(platformDashboards(QUERIES)).toHaveLength(19);
  });

  it('give the kube-prometheus dashboards a datasource variable and the template variables their panels filter on', () => {
    const variables = (uid: string) => {
      const d = platformDashboards(QUERIES).find((x) => x.uid === uid);
      return (d?.model.templating?.list ?? []).map((v) => v.name);
    };
    expect(variables('k8s-resources-workload')).toEqual(['datasource', 'namespace', 'type', 'workload']);
    expect(variables('k8s-resources-pod')).toEqual(['datasource', 'namespace', 'pod']);
    expect(variables('k8s-resources-node')).toEqual(['datasource', 'node']);
    expect(variables('k8s-persistent-volumes')).toEqual(['datasource', 'namespace', 'volume']);
  });

  it('are JSON models from the SDK that survive a JSON round trip, with uid, title and schema version', () => {
    for (const d of all) {
      const model = JSON.parse(JSON.stringify(d.model)) as { uid: string; title: string; schemaVersion: number; panels: unknown[] };
      expect(model.panels.length).toBe(panelsOf(d.model).length);
      expect(model.uid).toBe(d.uid);
      expect(model.title).not.toBe('');
      expect(model.schemaVersion).toBeGreaterThan(30);
    }
  });

  it('reference only provisioned datasources, on every panel and every query', () => {
    const uids: string[] = Object.values(DATASOURCES).map((d) => d.uid);
    for (const d of all) {
      for (const panel of panelsOf(d.model)) {
        expect(uids, `${d.uid}: ${panel.title}`).toContain(resolvedDatasourceUid(panel.datasource, d.model));
        for (const t of panel.targets ?? []) expect(uids, `${d.uid}: ${panel.title}`).toContain(resolvedDatasourceUid(t.datasource, d.model));
      }
    }
  });

  it('give every query a unique refId within its panel', () => {
    for (const d of all) {
      for (const panel of panelsOf(d.model)) {
        const ids = (panel.targets ?? []).map((t) => t.refId);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('use only valid PromQL (checked by promtool)', () => {
    // Grafana's interval variables are not PromQL: give them the value Grafana would.
    const exprs = all.flatMap((d) => panelsOf(d.model).flatMap((p) => (p.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '5m'))));
    const rules = exprs.map((expr, i) => ({ record: `dashboard:query_${i}:check`, expr }));
    expect(rules.length).toBeGreaterThan(60);
    expect(promtoolCheckRules([{ name: 'dashboard-queries', rules }])).toMatch(/SUCCESS/);
  });

  it('take their selectors from the scrape-job contract', () => {
    const custom = { ...querySelectors(queryMetrics.parse({})), nodeExporter: 'job="custom-node"' };
    const node = platformDashboards(custom).find((d) => d.uid === 'platform-node');
    expect(JSON.stringify(node?.model)).toContain('custom-node');
    expect(JSON.stringify(node?.model)).not.toContain('job=\\"node-exporter\\"');
  });

  it('give each catalog service a RED dashboard in the services folder, with SLO burn panels only when it has an SLO', () => {
    const withSlo = serviceDashboards([{ name: 'a', namespace: 'n', port: 'http', team: 't', slo: { availability: 99.9 } }], QUERIES)[0]!;
    const without = serviceDashboards([{ name: 'b', namespace: 'n', port: 'http', team: 't' }], QUERIES)[0]!;
    expect(withSlo.folder).toBe('services');
    const titles = (d: typeof withSlo) => panelsOf(d.model).map((p) => p.title);
    expect(titles(without)).toEqual(expect.arrayContaining(['Request rate by status code', 'Errors', 'Latency', 'Saturation']));
    expect(titles(without)).not.toContain('Error budget burn rate');
    expect(titles(withSlo)).toContain('Error budget burn rate');
    const burn = JSON.stringify(withSlo.model);
    for (const w of ['5m', '1h', '6h', '3d']) expect(burn).toContain(`slo:sli_error:ratio_rate${w}{service=\\"a\\"}`);
    expect(burn).toContain('slo:objective:ratio{service=\\"a\\"}');
  });

  it('query catalog services through the recording rules', () => {
    const d = serviceDashboards([{ name: 'a', namespace: 'n', port: 'http', team: 't' }], QUERIES)[0]!;
    const exprs = panelsOf(d.model).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.some((e) => e.includes('service_code:requests:rate5m'))).toBe(true);
    expect(exprs.some((e) => e.includes('http_requests_total'))).toBe(false);
  });
});

describe('dashboardUid', () => {
  it('keeps short uids as they are', () => {
    expect(dashboardUid('svc', 'checkout')).toBe('svc-checkout');
  });

  it('shortens long names to 40 characters and keeps them unique', () => {
    const a = dashboardUid('svc', `${'x'.repeat(50)}-a`);
    const b = dashboardUid('svc', `${'x'.repeat(50)}-b`);
    expect(a).toHaveLength(40);
    expect(a).not.toBe(b);
  });
});

describe('dashboard layout', () => {
  it('keeps every panel inside the 24-column grid, without overlaps', () => {
    const services = [{ name: 'a', namespace: 'n', port: 'http', team: 't', slo: { availability: 99.9 } }];
    for (const d of [...platformDashboards(QUERIES), ...serviceDashboards(services, QUERIES)]) {
      const cells = new Set<string>();
      for (const p of (d.model.panels ?? []) as { title?: string; gridPos?: { x: number; y: number; w: number; h: number } }[]) {
        const g = p.gridPos;
        if (!g) continue;
        expect(g.x + g.w, `${d.uid}: ${p.title}`).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            expect(cells.has(`${x},${y}`), `${d.uid}: ${p.title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});

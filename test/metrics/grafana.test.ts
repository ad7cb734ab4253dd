import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARD_CONFIGMAP_BUDGET_BYTES, Grafana, type GrafanaProps, packDashboards } from '../../cdk8s/metrics/grafana.js';
import { platformDashboards, serviceDashboards } from '../../cdk8s/metrics/dashboards/index.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import type { Service } from '../../config/sections/services.js';
import { environment } from '../support/envs.js';
import { find, type K8sObject, resolvedDatasourceUid, synthMetrics } from './support.js';

const QUERIES = querySelectors(queryMetrics.parse({}));
const ONE_MIB = 1024 * 1024;

const upstream = (port: number) => ({ url: `http://x:${port}`, peer: { namespace: 'monitoring' }, port });
const baseProps: GrafanaProps = {
  namespace: 'monitoring',
  image: 'docker.io/grafana/grafana:12.0.2',
  replicas: 1,
  resources: { cpu: '100m', memory: '256Mi' },
  scrapeInterval: '15s',
  dashboards: platformDashboards(QUERIES),
  adminSecretName: 'grafana-admin',
  elasticsearchSecretName: 'grafana-elasticsearch',
  prometheus: upstream(9090),
  alertmanager: upstream(9093),
  elasticsearch: upstream(9200),
};

function synth(props: Partial<GrafanaProps> = {}): K8sObject[] {
  const chart = Testing.chart();
  new Grafana(chart, 'grafana', { ...baseProps, ...props });
  return Testing.synth(chart) as K8sObject[];
}

function catalog(size: number): Service[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `service-${String(i).padStart(4, '0')}`,
    namespace: `team-${i % 50}`,
    port: 'http',
    team: `team-${i % 50}`,
    slo: { availability: 99.9 },
  }));
}

interface Container {
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string; optional?: boolean } } }>;
  securityContext: Record<string, unknown>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
interface Pod {
  containers: Container[];
  volumes: Array<{ name: string; emptyDir?: object; projected?: { sources: unknown[] } }>;
}

describe('Grafana in production', () => {
  const env = environment('prod');
  const objects = synthMetrics(env);
  const deployment = find(objects, 'Deployment', 'grafana', 'monitoring');
  const pod = (deployment.spec as { template: { spec: Pod } }).template.spec;
  const provisioning = find(objects, 'ConfigMap', 'grafana-provisioning', 'monitoring').data ?? {};
  const datasources = parse(provisioning['datasources.yaml'] ?? '') as { datasources: Array<{ uid: string; url: string; type: string }> };

  it('runs the configured replicas behind the grafana Service on port http (3000)', () => {
    expect((deployment.spec as { replicas: number }).replicas).toBe(env.metrics.grafana.replicas);
    expect(find(objects, 'Service', 'grafana', 'monitoring').spec).toMatchObject({ ports: [{ name: 'http', port: 3000 }] });
  });

  it('reads the admin login and the Elasticsearch user from synced Secrets mounted as files, never from literals', () => {
    const vars = Object.fromEntries(pod.containers[0]!.env.map((e) => [e.name, e]));
    expect(vars.GF_SECURITY_ADMIN_USER__FILE?.value).toBe('/etc/grafana/secrets/admin/admin-user');
    expect(vars.GF_SECURITY_ADMIN_PASSWORD__FILE?.value).toBe('/etc/grafana/secrets/admin/admin-password');
    expect(pod.containers[0]!.env.some((e) => e.valueFrom)).toBe(false);
    const volumes = (pod as unknown as { volumes: { name: string; secret?: { secretName: string } }[] }).volumes;
    expect(volumes.filter((v) => v.secret).map((v) => [v.name, v.secret?.secretName])).toEqual([
      ['admin-credentials', 'grafana-admin'],
      ['elasticsearch-credentials', 'grafana-elasticsearch'],
      ['elasticsearch-ca', 'elasticsearch-ca'],
    ]);
    expect(provisioning['datasources.yaml']).toContain('$__file{/etc/grafana/secrets/elasticsearch/password}');
  });

  it('provisions Prometheus, Alertmanager and Elasticsearch with fixed uids and the contract URLs', () => {
    expect(datasources.datasources.map((d) => [d.uid, d.url])).toEqual([
      ['prometheus', 'http://prometheus.monitoring.svc:9090'],
      ['alertmanager', 'http://alertmanager.monitoring.svc:9093'],
      ['elasticsearch', 'https://logging-es-http.logging.svc:9200'],
      // prod keeps long-term metrics in AMP: the workspace is the fourth datasource (test/metrics/long-term.test.ts)
      ['amp', 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-3f9c2a71-8d4e-4b6a-9e15-7c2d0b8a4f63'],
    ]);
  });

  it('resolves the datasource of every panel and every query of every dashboard', () => {
    const uids = new Set(datasources.datasources.map((d) => d.uid));
    const dashboards = objects
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards-'))
      .flatMap((o) => Object.values(o.data ?? {}).map((json) => JSON.parse(json) as { templating?: { list?: Array<{ name?: string; type?: string; current?: { value?: unknown } }> }; panels: Array<{ type: string; datasource?: { uid: string }; targets?: Array<{ datasource?: { uid: string } }> }> }));
    expect(dashboards).toHaveLength(platformDashboards(querySelectors(env.metrics.queries)).length + env.services.length);
    let checked = 0;
    for (const d of dashboards) {
      for (const panel of d.panels.filter((p) => p.type !== 'row')) {
        expect(uids.has(resolvedDatasourceUid(panel.datasource, d) ?? '')).toBe(true);
        for (const t of panel.targets ?? []) expect(uids.has(resolvedDatasourceUid(t.datasource, d) ?? '')).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('is stateless with a read-only root filesystem: emptyDir for /var/lib/grafana and /tmp', () => {
    expect(pod.containers[0]!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    const mounts = Object.fromEntries(pod.containers[0]!.volumeMounts.map((m) => [m.mountPath, m.name]));
    for (const path of ['/var/lib/grafana', '/tmp']) {
      expect(pod.volumes.find((v) => v.name === mounts[path])?.emptyDir).toEqual({});
    }
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('lets only the gateway proxies and Prometheus in, and reaches only its datasources, DNS and the VPC endpoints (AMP, STS)', () => {
    const np = find(objects, 'NetworkPolicy', 'grafana', 'monitoring').spec as { ingress: unknown[]; egress: Array<{ ports: Array<{ port: number }> }> };
    expect(JSON.stringify(np.ingress)).toContain('envoy-gateway-system');
    expect(np.egress.flatMap((e) => e.ports.map((p) => p.port)).sort()).toEqual([443, 53, 53, 9090, 9093, 9200]);
  });
});

describe('Grafana', () => {
  it('mounts every dashboards ConfigMap through one projected volume', () => {
    const objects = synth({ dashboards: [...platformDashboards(QUERIES), ...serviceDashboards(catalog(200), QUERIES)] });
    const maps = objects.filter((o) => o.metadata.name.startsWith('grafana-dashboards-'));
    expect(maps.length).toBeGreaterThan(1);
    const pod = (find(objects, 'Deployment', 'grafana').spec as { template: { spec: Pod } }).template.spec;
    expect(pod.volumes.filter((v) => v.projected)).toHaveLength(1);
    expect(pod.volumes.find((v) => v.projected)?.projected?.sources).toHaveLength(maps.length);
  });

  it('has no PodDisruptionBudget with a single replica', () => {
    expect(synth().filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('requires the Elasticsearch CA from the elasticsearch-ca Secret and reads the logs-* index by default', () => {
    const objects = synth();
    const pod = (find(objects, 'Deployment', 'grafana').spec as { template: { spec: Pod } }).template.spec;
    const volumes = (pod as unknown as { volumes: { name: string; secret?: { secretName: string } }[] }).volumes;
    expect(volumes.find((v) => v.name === 'elasticsearch-ca')?.secret?.secretName).toBe('elasticsearch-ca');
    expect(find(objects, 'ConfigMap', 'grafana-provisioning').data?.['datasources.yaml']).toContain(
      'tlsCACert: $__file{/etc/grafana/secrets/elasticsearch-ca/ca.crt}',
    );
    expect(find(objects, 'ConfigMap', 'grafana-provisioning').data?.['datasources.yaml']).toContain('index: logs-*');
    expect(find(objects, 'ConfigMap', 'grafana-provisioning').data?.['datasources.yaml']).toContain('timeInterval: 15s');
  });

  it('throws if two dashboards share a uid', () => {
    const dashboards = platformDashboards(QUERIES);
    expect(() => synth({ dashboards: [...dashboards, dashboards[0]!] })).toThrow(/dashboard uid "platform-cluster-overview" is used twice/);
  });

  it('throws if replicas is not a positive whole number', () => {
    expect(() => synth({ replicas: 0 })).toThrow(/grafana replicas must be a whole number of at least 1 \(got 0\)/);
  });
});

describe('packDashboards', () => {
  it('keeps every ConfigMap well under the 1 MiB object limit with a 1,000-service catalog', () => {
    const dashboards = [...platformDashboards(QUERIES), ...serviceDashboards(catalog(1000), QUERIES)];
    const packs = packDashboards(dashboards, DASHBOARD_CONFIGMAP_BUDGET_BYTES);
    expect(packs.flatMap((p) => Object.keys(p))).toHaveLength(platformDashboards(QUERIES).length + 1000);
    for (const pack of packs) {
      const bytes = Object.entries(pack).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
      expect(bytes).toBeLessThanOrEqual(ONE_MIB / 2);
    }
    expect(packs.length).toBeLessThan(100);
  });

  it('throws if one dashboard alone exceeds the budget', () => {
    expect(() => packDashboards(platformDashboards(QUERIES), 1000)).toThrow(/dashboard "platform-cluster-overview" is \d+ bytes, over the 1000-byte ConfigMap budget/);
  });
});

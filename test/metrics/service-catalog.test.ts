import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ServiceCatalog } from '../../cdk8s/metrics/service-catalog.js';
import { queryMetrics } from '../../config/sections/metrics.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';
import type { Service } from '../../config/sections/services.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { find, type K8sObject } from './support.js';

const QUERIES = querySelectors(queryMetrics.parse({}));

function synth(services: Service[]): { objects: K8sObject[]; catalog: ServiceCatalog } {
  const chart = Testing.chart();
  const catalog = new ServiceCatalog(chart, 'services', { services, queries: QUERIES });
  return { objects: Testing.synth(chart) as K8sObject[], catalog };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('service catalog (%s)', (_name, env) => {
  const { objects, catalog } = synth(env.services);

  it('produces exactly one ServiceMonitor and one dashboard per catalog service', () => {
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toHaveLength(env.services.length);
    expect(catalog.dashboards.map((d) => d.uid)).toEqual(env.services.map((s) => `svc-${s.name}`));
  });

  it('scrapes each service in its namespace by app.kubernetes.io/name and port name, adding service and team labels', () => {
    for (const s of env.services) {
      const sm = find(objects, 'ServiceMonitor', s.name, s.namespace);
      expect(sm.metadata.labels).toEqual({ 'platform.example.com/prometheus': 'platform' });
      expect(sm.spec).toMatchObject({
        selector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
        namespaceSelector: { matchNames: [s.namespace] },
        endpoints: [
          {
            port: s.port,
            path: '/metrics',
            relabelings: [
              { targetLabel: 'service', replacement: s.name, action: 'replace' },
              { targetLabel: 'team', replacement: s.team, action: 'replace' },
            ],
          },
        ],
      });
    }
  });
});

describe('ServiceCatalog', () => {
  const ok: Service = { name: 'checkout', namespace: 'shop', port: 'http', team: 'payments' };

  it('creates nothing for an empty catalog', () => {
    const { objects, catalog } = synth([]);
    expect(objects).toEqual([]);
    expect(catalog.dashboards).toEqual([]);
  });

  it('throws if a namespace is not a DNS label', () => {
    expect(() => synth([{ ...ok, namespace: 'Shop_1' }])).toThrow(/services\[0\]\.namespace must be a DNS label.*\(got "Shop_1"\)/);
  });

  it('throws if a port is a number or malformed', () => {
    expect(() => synth([{ ...ok, port: '8080' }])).toThrow(/services\[0\]\.port must contain at least one letter.*\(got "8080"\)/);
    expect(() => synth([{ ...ok, port: 'http_metrics' }])).toThrow(/services\[0\]\.port must be a Kubernetes port name/);
  });

  it('throws if two services share a name', () => {
    expect(() => synth([ok, { ...ok, namespace: 'other' }])).toThrow(/services\[1\]\.name "checkout" is used twice/);
  });
});

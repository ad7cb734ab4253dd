import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { find, synthMetrics } from './support.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('metrics chart (%s)', (_name, env) => {
  const objects = synthMetrics(env);

  it('monitors the stack itself: Prometheus, Grafana, kube-state-metrics, node-exporter and the kubelet', () => {
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(monitors).toEqual(
      expect.arrayContaining([
        'monitoring/prometheus',
        'monitoring/grafana',
        'monitoring/kube-state-metrics',
        'node-collectors/node-exporter',
        'kube-system/kubelet',
        'kube-system/kubelet-cadvisor',
      ]),
    );
  });

  it('puts a NetworkPolicy beside every workload of the stack', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
    expect(policies).toEqual(['grafana', 'kube-state-metrics', 'node-exporter', 'prometheus']);
  });

  it('syncs the Grafana secrets from AWS Secrets Manager and copies the Elasticsearch CA, writing no Secret object itself', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name).sort()).toEqual([
      'elasticsearch-ca',
      'grafana-admin',
      'grafana-elasticsearch',
    ]);
  });

  it('copies the CA that ECK publishes in logging into the elasticsearch-ca Secret Grafana requires', () => {
    const ca = find(objects, 'ExternalSecret', 'elasticsearch-ca', 'monitoring');
    expect(ca.spec).toMatchObject({
      secretStoreRef: { kind: 'SecretStore', name: 'elasticsearch-ca-reader' },
      data: [{ secretKey: 'ca.crt', remoteRef: { key: 'logging-es-http-certs-public', property: 'ca.crt' } }],
    });
    expect(find(objects, 'SecretStore', 'elasticsearch-ca-reader', 'monitoring').spec).toMatchObject({ provider: { kubernetes: { remoteNamespace: 'logging' } } });
    const role = find(objects, 'Role', 'monitoring-elasticsearch-ca-reader', 'logging');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['logging-es-http-certs-public'], verbs: ['get'] }]);
  });

  it('gives every container CPU and memory requests, a memory limit and a restricted security context', () => {
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'DaemonSet')) {
      const pod = (o.spec as { template: { spec: { containers: Array<Record<string, never>>; securityContext: Record<string, unknown> } } }).template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of pod.containers) {
        expect(c).toMatchObject({
          resources: { requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
          readinessProbe: expect.any(Object),
          livenessProbe: expect.any(Object),
        });
      }
    }
  });
});

describe('metrics chart in production', () => {
  it('runs at least two Prometheus and two Grafana replicas', () => {
    const objects = synthMetrics(environment('prod'));
    expect((find(objects, 'Prometheus', 'platform').spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
    expect((find(objects, 'Deployment', 'grafana').spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
  });
});

import { Testing } from 'cdk8s';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { describe, expect, it } from 'vitest';
import { OperatorScrapes, STACK_OPERATORS } from '../../cdk8s/metrics/operator-scrapes.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { find, type K8sObject, synthMetrics } from './support.js';

function synth(props: ConstructorParameters<typeof OperatorScrapes>[2] = {}): K8sObject[] {
  const chart = Testing.chart();
  new OperatorScrapes(chart, 'operators', props);
  return Testing.synth(chart) as K8sObject[];
}

describe('OperatorScrapes', () => {
  it('scrapes the stack operators by default with PodMonitors Prometheus selects', () => {
    const objects = synth();
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(
      STACK_OPERATORS.map((op) => `PodMonitor ${op.namespace}/${op.name}`),
    );
    expect(objects.map((o) => o.metadata.name)).toEqual(['prometheus-operator', 'elastic-operator', 'external-secrets', 'envoy-gateway']);
    for (const o of objects) expect(o.metadata.labels).toEqual({ 'platform.example.com/prometheus': 'platform' });
  });

  it('selects the pods and ports the pinned charts really deploy', () => {
    const byName = Object.fromEntries(synth().map((o) => [o.metadata.name, o.spec as { selector: unknown; namespaceSelector: unknown; podMetricsEndpoints: Record<string, unknown>[] }]));
    // kube-prometheus-stack 88.3.0: Deployment selector labels; TLS port `https` with the admission Secret's CA.
    expect(byName['prometheus-operator']?.selector).toEqual({ matchLabels: { app: 'kube-prometheus-stack-operator', release: 'prometheus-operator' } });
    expect(byName['prometheus-operator']?.podMetricsEndpoints[0]).toMatchObject({
      port: 'https',
      scheme: 'https',
      tlsConfig: { ca: { secret: { name: 'prometheus-operator-kube-p-admission', key: 'ca' } }, serverName: 'prometheus-operator-kube-p-operator' },
    });
    // eck-operator 3.5.0 (nameOverride elastic-operator), external-secrets 2.9.0, gateway-helm v1.9.0: plain HTTP `metrics`.
    expect(byName['elastic-operator']?.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'elastic-operator', 'app.kubernetes.io/instance': 'elastic-operator' } });
    expect(byName['external-secrets']?.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/instance': 'external-secrets' } });
    expect(byName['envoy-gateway']?.selector).toEqual({ matchLabels: { 'control-plane': 'envoy-gateway', 'app.kubernetes.io/instance': 'envoy-gateway' } });
    expect(Object.fromEntries(Object.entries(byName).map(([name, spec]) => [name, spec.namespaceSelector]))).toEqual({
      'prometheus-operator': { matchNames: ['prometheus-operator'] },
      'elastic-operator': { matchNames: ['elastic-system'] },
      'external-secrets': { matchNames: ['external-secrets'] },
      'envoy-gateway': { matchNames: ['envoy-gateway-system'] },
    });
    for (const name of ['elastic-operator', 'external-secrets', 'envoy-gateway']) {
      expect(byName[name]?.podMetricsEndpoints[0]?.port).toBe('metrics');
      expect(byName[name]?.podMetricsEndpoints[0]?.scheme).toBeUndefined();
      expect(byName[name]?.podMetricsEndpoints[0]?.tlsConfig).toBeUndefined();
    }
  });

  it('gives every operator the plain job name the alert rules select (job="prometheus-operator")', () => {
    for (const o of synth()) {
      const [endpoint] = (o.spec as { podMetricsEndpoints: { relabelings: unknown[] }[] }).podMetricsEndpoints;
      expect(endpoint?.relabelings).toEqual([{ targetLabel: 'job', replacement: o.metadata.name, action: 'replace' }]);
    }
    const job = SCRAPE_JOBS.prometheusOperator.job;
    expect(job).toBe('prometheus-operator');
    expect(STACK_OPERATORS.map((op) => op.name)).toContain(job);
  });

  it.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('lets Prometheus reach the operator pods on any port inside the VPC (%s)', (_name, env) => {
    // The operator namespaces get no default-deny from this stack and the charts' own NetworkPolicies are off by
    // default, so only Prometheus' egress matters: one rule to the VPC CIDR (every pod IP with the VPC CNI), all ports.
    const np = find(synthMetrics(env), 'NetworkPolicy', 'prometheus', 'monitoring').spec as { egress: { to?: { ipBlock?: { cidr: string } }[]; ports?: unknown[] }[] };
    const toVpc = np.egress.filter((rule) => rule.to?.some((peer) => peer.ipBlock?.cidr === env.network.vpcCidr));
    expect(toVpc.some((rule) => (rule.ports ?? []).length === 0)).toBe(true);
  });

  it('scrapes over https with the given CA and server name when an operator has tls', () => {
    const [op] = synth({ operators: [{ name: 'op', namespace: 'ns', pods: { app: 'op' }, port: 'https', tls: { caSecret: { name: 'ca', key: 'ca.crt' }, serverName: 'op.ns.svc' } }] });
    expect((op?.spec as { podMetricsEndpoints: unknown[] }).podMetricsEndpoints[0]).toEqual({
      port: 'https',
      path: '/metrics',
      scheme: 'https',
      tlsConfig: { ca: { secret: { name: 'ca', key: 'ca.crt' } }, serverName: 'op.ns.svc' },
      relabelings: [{ targetLabel: 'job', replacement: 'op', action: 'replace' }],
    });
  });

  it('sets the job label to the operator name and scrapes the named port', () => {
    const [eso] = synth({ operators: [{ name: 'eso', namespace: 'external-secrets', pods: { app: 'eso' }, port: 'metrics' }] });
    expect(eso?.spec).toEqual({
      selector: { matchLabels: { app: 'eso' } },
      namespaceSelector: { matchNames: ['external-secrets'] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', relabelings: [{ targetLabel: 'job', replacement: 'eso', action: 'replace' }] }],
    });
  });

  it('throws if an operator has no pod labels', () => {
    expect(() => synth({ operators: [{ name: 'x', namespace: 'y', pods: {}, port: 'metrics' }] })).toThrow(/operator "x" has no pod labels/);
  });

  it('throws if an operator is listed twice', () => {
    const op = { name: 'x', namespace: 'y', pods: { a: 'b' }, port: 'metrics' };
    expect(() => synth({ operators: [op, op] })).toThrow(/operator "x" is listed twice/);
  });
});

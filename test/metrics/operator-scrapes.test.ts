import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { OperatorScrapes, STACK_OPERATORS } from '../../cdk8s/constructs/operator-scrapes.js';
import type { K8sObject } from './support.js';

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

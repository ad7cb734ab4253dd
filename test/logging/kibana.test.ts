import { describe, expect, it } from 'vitest';
import { KibanaUi, type KibanaUiProps } from '../../cdk8s/logging/kibana.js';
import { all, find, synth } from './helpers.js';

const base: KibanaUiProps = {
  name: 'logging',
  namespace: 'logging',
  version: '9.1.5',
  image: 'docker.elastic.co/kibana/kibana:9.1.5',
  elasticsearchName: 'logging',
  resources: { cpu: '250m', memory: '1Gi' },
};
const build = (props: Partial<KibanaUiProps> = {}) => synth((s) => new KibanaUi(s, 'kb', { ...base, ...props }));

describe('KibanaUi', () => {
  it('runs one replica by default, without a PodDisruptionBudget', () => {
    const objects = build();
    expect(find(objects, 'Kibana').spec.count).toBe(1);
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('adds a PodDisruptionBudget when it has two or more replicas', () => {
    const pdb = find(build({ replicas: 2 }), 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'kibana.k8s.elastic.co/name': 'logging' } } });
  });

  it('is reachable only from the gateway proxies and the operator, and reaches only Elasticsearch and DNS', () => {
    const np = find(build(), 'NetworkPolicy');
    expect(np.spec.ingress[0].from.map((f) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual([
      'envoy-gateway-system',
      'elastic-system',
    ]);
    expect(np.spec.ingress[0].ports[0].port).toBe(5601);
    expect(np.spec.egress[1].ports[0].port).toBe(9200);
  });

  it('throws if replicas is not a positive whole number', () => {
    expect(() => build({ replicas: 0 })).toThrow(/replicas is 0; use a whole number of at least 1/);
  });
});

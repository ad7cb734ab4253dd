import { describe, expect, it } from 'vitest';
import { ElasticsearchCluster, type ElasticsearchClusterProps } from '../../cdk8s/logging/elasticsearch.js';
import { all, find, synth } from './helpers.js';

const node = (name: string, count: number, roles: ElasticsearchClusterProps['nodeSets'][number]['roles']) => ({
  name,
  count,
  roles,
  resources: { cpu: '1', memory: '4Gi' },
  storage: '50Gi',
});
const base: ElasticsearchClusterProps = {
  name: 'logging',
  namespace: 'logging',
  version: '9.1.5',
  image: 'docker.elastic.co/elasticsearch/elasticsearch:9.1.5',
  nodeSets: [node('default', 1, ['master', 'data', 'ingest'])],
};
const build = (props: Partial<ElasticsearchClusterProps> = {}) => synth((s) => new ElasticsearchCluster(s, 'es', { ...base, ...props }));

describe('ElasticsearchCluster', () => {
  it('sizes the heap at half the memory request, capped at 31 GiB', () => {
    const heap = (memory: string) =>
      find(build({ nodeSets: [{ ...node('d', 1, ['master', 'data']), resources: { cpu: '1', memory } }] }), 'Elasticsearch').spec.nodeSets[0]
        .podTemplate.spec.containers[0].env[0].value;
    expect(heap('4Gi')).toBe('-Xms2048m -Xmx2048m');
    expect(heap('128Gi')).toBe('-Xms31744m -Xmx31744m');
  });

  it('runs as a fixed non-root user with the restricted container context and no service account token', () => {
    const spec = find(build(), 'Elasticsearch').spec.nodeSets[0].podTemplate.spec;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(spec.containers[0].livenessProbe.tcpSocket.port).toBe(9300);
  });

  it('uses the default StorageClass and no zone awareness by default', () => {
    const set = find(build(), 'Elasticsearch').spec.nodeSets[0];
    expect(set.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
    expect(set.zoneAwareness).toBeUndefined();
  });

  it('sets the StorageClass and zone awareness when asked', () => {
    const set = find(
      build({ storageClass: 'gp3', zoneAwareness: true, nodeSets: [node('default', 3, ['master', 'data'])] }),
      'Elasticsearch',
    ).spec.nodeSets[0];
    expect(set.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
    expect(set.zoneAwareness).toEqual({});
  });

  it('defines roles in a Secret and references file-realm users', () => {
    const objects = build({
      fileRealmSecrets: ['grafana-elasticsearch'],
      roles: { reader: { cluster: [], indices: [{ names: ['logs-*'], privileges: ['read'] }] } },
    });
    const es = find(objects, 'Elasticsearch');
    expect(es.spec.auth).toEqual({ fileRealm: [{ secretName: 'grafana-elasticsearch' }], roles: [{ secretName: 'logging-es-roles' }] });
    expect(find(objects, 'Secret', 'logging-es-roles').stringData['roles.yml']).toMatch(/reader:\n\s+cluster: \[\]\n\s+indices:/);
  });

  it('allows 9200 from the operator and the given clients, and 9300 only between its own pods', () => {
    const np = find(build({ httpClients: [{ namespace: 'logging', pods: { app: 'x' } }] }), 'NetworkPolicy');
    expect(np.spec.ingress[0].from).toHaveLength(2);
    expect(np.spec.ingress[0].ports[0].port).toBe(9200);
    expect(np.spec.ingress[1].ports[0].port).toBe(9300);
    expect(np.spec.ingress[1].from[0].podSelector.matchLabels).toEqual({ 'elasticsearch.k8s.elastic.co/cluster-name': 'logging' });
    expect(all(build(), 'Secret')).toEqual([]);
  });

  it('throws if the cluster has two master-eligible nodes', () => {
    expect(() => build({ nodeSets: [node('m', 2, ['master', 'data'])] })).toThrow(/2 master-eligible nodes; use 1 \(no HA\) or at least 3/);
  });

  it('throws if zone awareness is set on single-node sets', () => {
    expect(() => build({ zoneAwareness: true })).toThrow(/zoneAwareness is set but every node set has a single node/);
  });

  it('throws if roles are defined without any file-realm user', () => {
    expect(() => build({ roles: { r: { cluster: [], indices: [] } } })).toThrow(/roles r are defined but no fileRealmSecrets/);
  });
});

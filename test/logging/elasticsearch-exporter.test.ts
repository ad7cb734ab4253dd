import { describe, expect, it } from 'vitest';
import { ElasticsearchExporter, type ElasticsearchExporterProps } from '../../cdk8s/logging/elasticsearch-exporter.js';
import { find, synth } from './helpers.js';

const base: ElasticsearchExporterProps = {
  namespace: 'logging',
  image: 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.9.0',
  version: 'v1.9.0',
  elasticsearchUrl: 'https://logging-es-http.logging.svc:9200',
  caSecretName: 'logging-es-http-certs-public',
  credentialsSecretName: 'elasticsearch-exporter',
  elasticsearchPeer: { namespace: 'logging', pods: { 'elasticsearch.k8s.elastic.co/cluster-name': 'logging' } },
  elasticsearchPort: 9200,
  resources: { cpu: '20m', memory: '64Mi' },
};
const build = (props: Partial<ElasticsearchExporterProps> = {}) => synth((s) => new ElasticsearchExporter(s, 'x', { ...base, ...props }));

describe('ElasticsearchExporter', () => {
  it('queries every node, the indices and the cluster settings over verified TLS', () => {
    const args = find(build(), 'Deployment').spec.template.spec.containers[0].args;
    expect(args).toEqual(
      expect.arrayContaining(['--es.uri=https://logging-es-http.logging.svc:9200', '--es.all', '--es.indices', '--collector.clustersettings', '--es.ca=/etc/elasticsearch-ca/ca.crt']),
    );
    expect(args.join(' ')).not.toMatch(/ssl-skip-verify|@/);
  });

  it('takes its credentials from the synced Secret, never from arguments', () => {
    const env = find(build(), 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: 'elasticsearch-exporter', key: 'username' } } },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'elasticsearch-exporter', key: 'password' } } },
    ]);
  });

  it('is scraped as job elasticsearch-exporter (the Service name)', () => {
    const objects = build();
    expect(find(objects, 'Service').metadata.name).toBe('elasticsearch-exporter');
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0].port).toBe('metrics');
    expect(find(objects, 'ServiceMonitor').spec.jobLabel).toBeUndefined();
  });

  it('throws if Elasticsearch is not reached over https', () => {
    expect(() => build({ elasticsearchUrl: 'http://logging-es-http:9200' })).toThrow(/is not https/);
  });
});

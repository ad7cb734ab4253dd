import { describe, expect, it } from 'vitest';
import { LogstashPipeline, type LogstashPipelineProps } from '../../cdk8s/logging/logstash.js';
import { parseLogstashConfig } from '../support/logstash-parser.js';
import { all, find, synth } from './helpers.js';

const base: LogstashPipelineProps = {
  name: 'logging',
  namespace: 'logging',
  version: '9.1.5',
  image: 'docker.elastic.co/logstash/logstash:9.1.5',
  exporterImage: 'docker.io/kuskoman/logstash-exporter:v1.9.1',
  elasticsearchName: 'logging',
  resources: { cpu: '1', memory: '2Gi' },
  exporterResources: { cpu: '20m', memory: '64Mi' },
  queueMaxBytes: '1gb',
  deadLetterQueueMaxBytes: '256mb',
  storage: '2Gi',
};
const build = (props: Partial<LogstashPipelineProps> = {}) => synth((s) => new LogstashPipeline(s, 'ls', { ...base, ...props }));

describe('LogstashPipeline', () => {
  it('runs one replica by default, without a PodDisruptionBudget, and adds one for two or more', () => {
    expect(find(build(), 'Logstash').spec.count).toBe(1);
    expect(all(build(), 'PodDisruptionBudget')).toEqual([]);
    expect(find(build({ replicas: 2 }), 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it('ships a pipeline config that parses and targets the referenced cluster’s environment variables', () => {
    const config = String(find(build({ elasticsearchName: 'my-es' }), 'Logstash').spec.pipelines[0]['config.string']);
    expect(() => parseLogstashConfig(config)).not.toThrow();
    expect(config).toContain('${MY_ES_ES_HOSTS}');
  });

  it('keeps the queues on a persistent volume of the configured size and class', () => {
    const ls = find(build({ storageClass: 'gp3' }), 'Logstash');
    expect(ls.spec.volumeClaimTemplates[0].metadata.name).toBe('logstash-data');
    expect(ls.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    expect(ls.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
    expect(find(build(), 'Logstash').spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
  });

  it('runs the exporter sidecar against the local API and scrapes it as job logstash', () => {
    const objects = build();
    const exporter = find(objects, 'Logstash').spec.podTemplate.spec.containers[1];
    expect(exporter.env).toContainEqual({ name: 'LOGSTASH_URL', value: 'http://localhost:9600' });
    expect(find(objects, 'Service', 'logstash').spec.ports[0].port).toBe(9198);
    expect(find(objects, 'ServiceMonitor', 'logstash').spec.endpoints[0].port).toBe('metrics');
  });

  it('sizes the JVM heap at half the memory request', () => {
    const container = find(build(), 'Logstash').spec.podTemplate.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'LS_JAVA_OPTS', value: '-Xms1024m -Xmx1024m' });
  });

  it('accepts Beats only from the given clients and allows no Beats ingress by default', () => {
    const np = (props: Partial<LogstashPipelineProps>) => find(build(props), 'NetworkPolicy').spec;
    expect(np({}).ingress.map((r) => r.ports[0].port)).toEqual([9198]);
    const withClients = np({ beatsClients: [{ namespace: 'node-collectors', pods: { 'beat.k8s.elastic.co/name': 'filebeat' } }] });
    expect(withClients.ingress.map((r) => r.ports[0].port)).toEqual([5044, 9198]);
    expect(withClients.egress[1].ports[0].port).toBe(9200);
  });

  it('throws if the volume cannot hold both queues', () => {
    expect(() => build({ queueMaxBytes: '2gb', storage: '2Gi' })).toThrow(/storage 2Gi cannot hold queueMaxBytes 2gb plus deadLetterQueueMaxBytes 256mb/);
  });

  it('throws if replicas is not a positive whole number', () => {
    expect(() => build({ replicas: 1.5 })).toThrow(/replicas is 1.5/);
  });
});

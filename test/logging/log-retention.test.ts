import { describe, expect, it } from 'vitest';
import { LogRetention, type LogRetentionProps } from '../../cdk8s/logging/log-retention.js';
import { DEFAULT_PRIORITY, LIFECYCLE_COMPONENT, NAMESPACE_PRIORITY, dataStreamNamespace, retentionRequests } from '../../cdk8s/logging/retention.js';
import { find, synth } from './helpers.js';

const base: LogRetentionProps = {
  namespace: 'logging',
  image: 'docker.io/curlimages/curl:8.11.1',
  version: '8.11.1',
  elasticsearchUrl: 'https://logging-es-http.logging.svc:9200',
  caSecretName: 'logging-es-http-certs-public',
  elasticUserSecretName: 'logging-es-elastic-user',
  elasticsearchPeer: { namespace: 'logging', pods: { 'elasticsearch.k8s.elastic.co/cluster-name': 'logging' } },
  elasticsearchPort: 9200,
  requests: retentionRequests({ defaultRetention: '7d' }),
  resources: { cpu: '20m', memory: '64Mi' },
};
const build = (props: Partial<LogRetentionProps> = {}) => synth((s) => new LogRetention(s, 'r', { ...base, ...props }));

describe('retentionRequests', () => {
  it('puts the lifecycle component template first, then the default index template', () => {
    const requests = retentionRequests({ defaultRetention: '7d' });
    expect(requests.map((r) => r.path)).toEqual([`_component_template/${LIFECYCLE_COMPONENT}`, '_index_template/logs-platform-default']);
    expect(requests[0]!.body.template).toEqual({ settings: { 'index.lifecycle.prefer_ilm': false } });
    expect(requests[1]!.body).toMatchObject({
      index_patterns: ['logs-*-*'],
      priority: DEFAULT_PRIORITY,
      data_stream: {},
      composed_of: ['logs@mappings', 'logs@settings', 'ecs@mappings', 'logs@custom', LIFECYCLE_COMPONENT],
      template: { lifecycle: { enabled: true, data_retention: '7d' } },
    });
  });

  it('adds one higher-priority template per namespace override, named like the data stream namespace', () => {
    const requests = retentionRequests({ defaultRetention: '7d', namespaceRetention: { 'team-b': '14d', payments: '90d' } });
    expect(requests.slice(2).map((r) => [r.path, r.body.template.lifecycle?.data_retention])).toEqual([
      ['_index_template/logs-platform-ns-payments', '90d'],
      ['_index_template/logs-platform-ns-team_b', '14d'],
    ]);
    expect(requests[3]!.body).toMatchObject({ index_patterns: ['logs-*-team_b'], priority: NAMESPACE_PRIORITY });
  });

  it('maps Kubernetes namespaces to data stream namespaces as the pipeline does', () => {
    expect(dataStreamNamespace('Team-B.x')).toBe('team_b_x');
  });
});

describe('LogRetention', () => {
  it('serializes each request into the ConfigMap as a path and a JSON body', () => {
    const cm = find(build(), 'ConfigMap');
    expect(Object.keys(cm.data).sort()).toEqual(['01.json', '01.path', '02.json', '02.path']);
    expect(JSON.parse(String(cm.data['02.json'])).template.lifecycle.data_retention).toBe('7d');
  });

  it('renames the Job when the requests change, and keeps the name when they do not', () => {
    const name = (days: string) => find(build({ requests: retentionRequests({ defaultRetention: days }) }), 'Job').metadata.name;
    expect(name('7d')).toBe(name('7d'));
    expect(name('7d')).not.toBe(name('8d'));
    expect(name('7d')).toMatch(/^log-retention-[0-9a-f]{10}$/);
  });

  it('authenticates with the ECK elastic user Secret and verifies the cluster CA, with a restricted pod', () => {
    const spec = find(build(), 'Job').spec.template.spec;
    // The elastic password comes as a mounted Secret file (curl reads it through a config file), not an env var.
    expect(spec.containers[0].env).toHaveLength(1);
    expect(JSON.stringify(spec)).toContain('"secretName":"logging-es-elastic-user"');
    expect(spec.containers[0].command[2]).toContain('--cacert /etc/elasticsearch-ca/ca.crt');
    expect(spec.containers[0].command[2]).not.toContain('--insecure');
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  it('throws if there is nothing to apply or a path is not a plain API path', () => {
    expect(() => build({ requests: [] })).toThrow(/requests is empty/);
    expect(() => build({ requests: [{ path: '/_index_template/x', body: base.requests[0]!.body }] })).toThrow(/is not a plain API path/);
  });
});

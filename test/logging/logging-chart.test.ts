import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoggingChart } from '../../cdk8s/logging/chart.js';
import { ManifestValidator } from '../../scripts/lib/validate-manifests.js';
import { attribute, allPlugins, parseLogstashConfig } from '../support/logstash-parser.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { all, find, type Loose, type Manifest } from './helpers.js';

let validator: ManifestValidator;
beforeAll(() => {
  validator = ManifestValidator.create();
});

const synthEnv = (name: string) => Testing.synth(new LoggingChart(Testing.app(), 'logging', { env: environment(name) })) as Manifest[];

describe.each(ENVIRONMENTS.map((env) => [env.name] as const))('logging chart (%s)', (name) => {
  const objects = synthEnv(name);
  const env = environment(name);
  const es = find(objects, 'Elasticsearch', 'logging');

  it('validates against the Kubernetes and pinned ECK CRD schemas', async () => {
    const problems = await validator.validate(objects.map((object) => ({ file: `${name}/logging.k8s.yaml`, object: object as never })));
    expect(problems.map((p) => `${p.object}: ${p.message}`)).toEqual([]);
  });

  it('creates the ECK resources under their contract names', () => {
    expect(es.metadata.namespace).toBe('logging');
    expect(find(objects, 'Kibana', 'logging').spec.elasticsearchRef).toEqual({ name: 'logging' });
    const ls = find(objects, 'Logstash', 'logging');
    expect(ls.spec.elasticsearchRefs).toEqual([{ name: 'logging', clusterName: 'logging' }]);
    expect(ls.spec.services[0].name).toBe('beats');
    expect(ls.spec.services[0].service.spec.ports).toEqual([{ name: 'beats', port: 5044, protocol: 'TCP' }]);
    const beat = find(objects, 'Beat', 'filebeat');
    expect(beat.metadata.namespace).toBe('node-collectors');
    expect(beat.spec.type).toBe('filebeat');
    expect(beat.spec.daemonSet).toBeDefined();
  });

  it('runs the same Elastic version and the image from config/images.ts everywhere', () => {
    for (const kind of ['Elasticsearch', 'Kibana', 'Logstash', 'Beat']) {
      const o = find(objects, kind);
      expect(o.spec.version).toBe('9.4.5');
      expect(o.spec.image).toMatch(/^docker\.elastic\.co\/.+:9\.4\.5/);
    }
  });

  it('keeps TLS on for Elasticsearch and Kibana (no selfSignedCertificate.disabled anywhere)', () => {
    expect(JSON.stringify(objects)).not.toMatch(/"disabled":\s*true/);
    expect(es.spec.http).toBeUndefined();
  });

  it('sizes node sets, heaps and persistent storage from config', () => {
    expect(es.spec.nodeSets.map((s: Loose) => s.name)).toEqual(env.logging.elasticsearch.nodeSets.map((s) => s.name));
    es.spec.nodeSets.forEach((set: Loose, i: number) => {
      const want = env.logging.elasticsearch.nodeSets[i]!;
      expect(set.count).toBe(want.count);
      expect(set.config['node.roles']).toEqual(want.roles);
      expect(set.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(want.storage);
      const container = set.podTemplate.spec.containers[0];
      expect(container.resources.requests.memory).toBe(want.resources.memory);
      expect(container.env).toContainEqual({ name: 'ES_JAVA_OPTS', value: expect.stringMatching(/^-Xms\d+m -Xmx\d+m$/) });
    });
  });

  it('has a PodDisruptionBudget allowing one Elasticsearch node down at a time', () => {
    expect(es.spec.podDisruptionBudget.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'logging' } },
    });
  });

  it('enforces the configured retention through the setup Job', () => {
    // The Job reads the ConfigMap of its own name.
    const job = find(objects, 'Job');
    const cm = find(objects, 'ConfigMap', job.metadata.name);
    const bodies = Object.entries(cm.data as unknown as Record<string, string>).filter(([k]) => k.endsWith('.json')).map(([, v]) => JSON.parse(v));
    expect(bodies).toContainEqual(expect.objectContaining({ index_patterns: ['logs-*-*'], template: { lifecycle: { enabled: true, data_retention: env.logging.retention.default } } }));
  });

  it('ships Filebeat to the Logstash beats Service and Logstash to Elasticsearch', () => {
    const beat = find(objects, 'Beat', 'filebeat');
    expect(beat.spec.config['output.logstash'].hosts).toEqual(['logging-ls-beats.logging.svc:5044']);
    const ls = find(objects, 'Logstash', 'logging');
    const tree = parseLogstashConfig(String(ls.spec.pipelines[0]['config.string']));
    const beats = allPlugins(tree.sections.find((s) => s.type === 'input')!.body)[0]!;
    expect(attribute(beats, 'port')).toEqual({ type: 'number', value: 5044 });
    expect(allPlugins(tree.sections.find((s) => s.type === 'output')!.body).map((p) => p.name)).toEqual(['elasticsearch']);
  });

  it('turns on the persistent queue and the dead-letter queue with the configured sizes', () => {
    const pipeline = find(objects, 'Logstash', 'logging').spec.pipelines[0];
    expect(pipeline).toMatchObject({
      'queue.type': 'persisted',
      'queue.max_bytes': env.logging.logstash.queueMaxBytes,
      'dead_letter_queue.enable': true,
      'dead_letter_queue.max_bytes': env.logging.logstash.deadLetterQueueMaxBytes,
    });
  });

  it('exposes the three scrape jobs the alert rules rely on', () => {
    const monitors = all(objects, 'ServiceMonitor');
    expect(monitors.map((m) => `${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual([
      'logging/elasticsearch-exporter',
      'logging/logstash',
      'node-collectors/filebeat',
    ]);
    for (const m of monitors) {
      expect(m.metadata.labels).toMatchObject({ 'platform.example.com/prometheus': 'platform' });
      expect(find(objects, 'Service', m.metadata.name).metadata.namespace).toBe(m.metadata.namespace);
    }
  });

  it('syncs the Grafana and exporter users as basic-auth Secrets for the file realm', () => {
    const synced = all(objects, 'ExternalSecret');
    expect(synced.map((s) => s.metadata.name).sort()).toEqual(['elasticsearch-exporter', 'grafana-elasticsearch']);
    for (const s of synced) expect(s.spec.target.template.type).toBe('kubernetes.io/basic-auth');
    expect(es.spec.auth.fileRealm).toEqual([{ secretName: 'grafana-elasticsearch' }, { secretName: 'elasticsearch-exporter' }]);
  });

  it('gives every pod-running object a NetworkPolicy', () => {
    const policies = all(objects, 'NetworkPolicy').map((p) => p.metadata.name).sort();
    expect(policies).toEqual(['elasticsearch-exporter', 'filebeat', 'log-retention', 'logging-elasticsearch', 'logging-kibana', 'logging-logstash']);
  });

  it('contains no credential', () => {
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/"password"\s*:\s*"(?!\$)/i);
    for (const s of all(objects, 'Secret')) expect(Object.keys(s.stringData ?? {})).toEqual(['roles.yml']);
  });
});

describe('logging chart high availability', () => {
  it('runs a single Elasticsearch node in dev, without zone awareness', () => {
    const es = find(synthEnv('dev'), 'Elasticsearch');
    expect(es.spec.nodeSets.map((s) => Number(s.count))).toEqual([1]);
    expect(es.spec.nodeSets[0].zoneAwareness).toBeUndefined();
  });

  it('runs at least three dedicated master nodes spread across zones in prod, with two Kibanas', () => {
    const objects = synthEnv('prod');
    const es = find(objects, 'Elasticsearch');
    const roles = (s: Loose) => s.config['node.roles'] as unknown as string[];
    const masters = es.spec.nodeSets.filter((s) => roles(s).includes('master'));
    expect(masters.map((s) => Number(s.count)).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    expect(masters.every((s) => roles(s).join() === 'master')).toBe(true);
    for (const set of es.spec.nodeSets) expect(set.zoneAwareness).toEqual({});
    expect(find(objects, 'Kibana').spec.count).toBeGreaterThanOrEqual(2);
    expect(all(objects, 'PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual(['logging-kibana', 'logging-logstash']);
  });
});

describe('logging workloads', () => {
  const objects = synthEnv('prod');
  const podSpecs: [string, Loose][] = [
    ...find(objects, 'Elasticsearch').spec.nodeSets.map((s): [string, Loose] => [`Elasticsearch/${String(s.name)}`, s.podTemplate.spec]),
    ['Kibana', find(objects, 'Kibana').spec.podTemplate.spec],
    ['Logstash', find(objects, 'Logstash').spec.podTemplate.spec],
    ['Beat', find(objects, 'Beat').spec.daemonSet.podTemplate.spec],
    ['Deployment', find(objects, 'Deployment').spec.template.spec],
  ];

  it.each(podSpecs)('%s: every container has requests, a memory limit, probes and a hardened security context', (_name, spec) => {
    for (const c of spec.containers) {
      expect(c.resources.requests.cpu).toBeDefined();
      expect(c.resources.requests.memory).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
      expect(c.readinessProbe).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  it('runs every pod but Filebeat as non-root', () => {
    for (const [name, spec] of podSpecs.filter(([n]) => n !== 'Beat')) {
      expect([name, spec.securityContext.runAsNonRoot]).toEqual([name, true]);
    }
  });
});

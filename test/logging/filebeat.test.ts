import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Filebeat, type FilebeatProps } from '../../cdk8s/logging/filebeat.js';
import { FILEBEAT_METRICS, jsonPath, type JsonExporterConfig } from '../../cdk8s/logging/filebeat-metrics.js';
import { find, synth } from './helpers.js';

/**
 * A Filebeat `/stats` document with the fields Elastic documents for it (Metricbeat's beat module indexes this
 * document as `beat.stats.*`: https://www.elastic.co/guide/en/beats/metricbeat/7.17/exported-fields-beat.html), in
 * the nesting the endpoint returns (https://www.elastic.co/docs/reference/beats/filebeat/http-endpoint).
 */
const STATS = {
  beat: { info: { uptime: { ms: 2970053 } }, memstats: { memory_alloc: 3877600 } },
  filebeat: { events: { active: 0, added: 58, done: 58 }, harvester: { open_files: 4, running: 4 } },
  libbeat: {
    output: {
      events: { acked: 58, active: 0, batches: 10, dropped: 0, duplicates: 0, failed: 0, toomany: 0, total: 58 },
      read: { bytes: 60, errors: 0 },
      write: { bytes: 15727, errors: 0 },
      type: 'logstash',
    },
    pipeline: { clients: 1, events: { active: 0, dropped: 0, failed: 0, filtered: 0, published: 58, retry: 0, total: 58 }, queue: { acked: 58 } },
  },
};

/** json_exporter's `{ .a.b.c }` paths, the only JSONPath form the module uses; undefined when a key is missing. */
function resolve(path: string, doc: unknown): unknown {
  const m = /^\{ \.([a-z_.]+) \}$/.exec(path);
  if (!m) throw new Error(`unexpected JSONPath ${path}`);
  return m[1].split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

const base: FilebeatProps = {
  name: 'filebeat',
  namespace: 'node-collectors',
  version: '9.1.5',
  image: 'docker.elastic.co/beats/filebeat:9.1.5',
  exporterImage: 'quay.io/prometheuscommunity/json-exporter:v0.7.0',
  resources: { cpu: '100m', memory: '200Mi' },
  exporterResources: { cpu: '20m', memory: '64Mi' },
  logstashHost: 'logging-ls-beats.logging.svc:5044',
  logstashPeer: { namespace: 'logging', pods: { 'logstash.k8s.elastic.co/name': 'logging' } },
  logstashPort: 5044,
  vpcCidr: '10.10.0.0/16',
};
const build = (props: Partial<FilebeatProps> = {}) => synth((s) => new Filebeat(s, 'fb', { ...base, ...props }));
const pod = () => find(build(), 'Beat').spec.daemonSet.podTemplate.spec;

describe('Filebeat', () => {
  it('collects every container log with Kubernetes autodiscover on its own node', () => {
    const config = find(build(), 'Beat').spec.config;
    const provider = config['filebeat.autodiscover'].providers[0];
    expect(provider).toMatchObject({ type: 'kubernetes', node: '${NODE_NAME}', 'hints.enabled': true });
    expect(provider['hints.default_config'].paths).toEqual(['/var/log/containers/*-${data.kubernetes.container.id}.log']);
    expect(config['output.logstash'].hosts).toEqual(['logging-ls-beats.logging.svc:5044']);
  });

  it('mounts only the log directories (read-only) and its registry from the host', () => {
    const spec = pod();
    const hostPaths = spec.volumes.filter((v) => v.hostPath !== undefined).map((v) => [v.name, v.hostPath.path]);
    expect(spec.volumes.filter((v) => v.hostPath === undefined).map((v) => [v.name, v.configMap.name])).toEqual([['exporter-config', 'filebeat-json-exporter']]);
    expect(hostPaths).toEqual([
      ['varlogcontainers', '/var/log/containers'],
      ['varlogpods', '/var/log/pods'],
      ['varlibcontainerd', '/var/lib/containerd'],
      ['beat-data', '/var/lib/node-collectors/filebeat/filebeat-data'],
    ]);
    const mounts = spec.containers[0].volumeMounts;
    expect(mounts.filter((m) => m.readOnly === (true as unknown)).map((m) => m.name)).toEqual(['varlogcontainers', 'varlogpods', 'varlibcontainerd']);
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.hostPID).toBeUndefined();
  });

  it('runs Filebeat as root without any capability, and the json_exporter sidecar as nobody', () => {
    const [filebeat, exporter] = pod().containers;
    expect(filebeat.securityContext).toMatchObject({ runAsUser: 0, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(filebeat.securityContext.privileged).toBeUndefined();
    expect(exporter.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(exporter.image).toBe('quay.io/prometheuscommunity/json-exporter:v0.7.0');
    // The exporter mounts its config, read-only, and nothing of the host.
    expect(exporter.volumeMounts).toEqual([{ name: 'exporter-config', mountPath: '/etc/json-exporter', readOnly: true }]);
    expect(exporter.args).toEqual(['--config.file=/etc/json-exporter/config.yml', '--web.listen-address=:7979']);
  });

  it('exports every metric from a field Filebeat really reports in /stats, with counters named *_total', () => {
    const configMap = find(build(), 'ConfigMap', 'filebeat-json-exporter');
    const config = parse(String(configMap.data['config.yml'])) as JsonExporterConfig;
    const module = config.modules.filebeat;
    expect(module.valid_status_codes).toEqual([200]);
    expect(module.metrics.map((m) => m.name)).toEqual(Object.values(FILEBEAT_METRICS).map((m) => m.name));
    for (const metric of module.metrics) {
      expect(typeof resolve(metric.path, STATS), `${metric.name} reads ${metric.path}`).toBe('number');
      expect(metric.name.endsWith('_total'), `${metric.name} is a ${metric.valuetype}`).toBe(metric.valuetype === 'counter');
    }
    // json_exporter reads its config only at start: the pods carry the config's hash, so a change rolls them.
    const annotations = find(build(), 'Beat').spec.daemonSet.podTemplate.metadata.annotations;
    expect(String(annotations['platform.example.com/exporter-config-hash'])).toBe(createHash('sha256').update(String(configMap.data['config.yml'])).digest('hex').slice(0, 16));
    // A field Filebeat does not report would silently export nothing: the resolver must be able to tell.
    expect(resolve('{ .libbeat.output.events.nope }', STATS)).toBeUndefined();
  });

  it('rejects a stats field that is not a plain name (it would not be a valid JSONPath key)', () => {
    expect(() => jsonPath(['libbeat', 'output[0]'])).toThrow(/filebeat stats field segment "output\[0\]" is not a plain name/);
  });

  it('can only read pods, namespaces, nodes and their owners from the API', () => {
    const role = find(build(), 'ClusterRole');
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('*');
    expect(role.rules.flatMap((r) => r.resources)).toEqual(['pods', 'namespaces', 'nodes', 'replicasets', 'jobs']);
  });

  it('runs its pods as the filebeat ServiceAccount bound to that role, the only one that mounts a token', () => {
    const objects = build();
    const spec = pod();
    expect(spec.serviceAccountName).toBe('filebeat');
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(find(objects, 'ServiceAccount', 'filebeat').automountServiceAccountToken).toBe(false);
    const binding = find(objects, 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe(find(objects, 'ClusterRole').metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'filebeat', namespace: 'node-collectors' }]);
  });

  it('scrapes the exporter as job filebeat, probing only the local Filebeat, and sends only to Logstash, DNS and the API server', () => {
    const objects = build();
    expect(find(objects, 'Service', 'filebeat').spec.ports[0].port).toBe(7979);
    const monitor = find(objects, 'ServiceMonitor', 'filebeat');
    expect(monitor.metadata.namespace).toBe('node-collectors');
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/probe', params: { module: ['filebeat'], target: ['http://localhost:5066/stats'] } });
    const ingress = find(objects, 'NetworkPolicy').spec.ingress;
    expect(ingress.map((r) => r.ports.map((p) => p.port))).toEqual([[7979]]);
    const egress = find(objects, 'NetworkPolicy').spec.egress;
    expect(egress.map((r) => r.ports[0].port)).toEqual([53, 443, 5044]);
  });

  it('throws if the Logstash host is not host:port', () => {
    expect(() => build({ logstashHost: 'logging-ls-beats' })).toThrow(/logstashHost "logging-ls-beats" is not host:port/);
  });
});

import { describe, expect, it } from 'vitest';
import { Filebeat, type FilebeatProps } from '../../cdk8s/logging/filebeat.js';
import { find, synth } from './helpers.js';

const base: FilebeatProps = {
  name: 'filebeat',
  namespace: 'node-collectors',
  version: '9.1.5',
  image: 'docker.elastic.co/beats/filebeat:9.1.5',
  exporterImage: 'docker.io/trustpilot/beat-exporter:0.4.0',
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
    const hostPaths = spec.volumes.map((v) => [v.name, v.hostPath.path]);
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

  it('runs Filebeat as root without any capability, and the exporter as nobody', () => {
    const [filebeat, exporter] = pod().containers;
    expect(filebeat.securityContext).toMatchObject({ runAsUser: 0, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(filebeat.securityContext.privileged).toBeUndefined();
    expect(exporter.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true });
    expect(exporter.args).toContain('-beat.uri=http://localhost:5066');
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

  it('scrapes the exporter as job filebeat and sends only to Logstash, DNS and the API server', () => {
    const objects = build();
    expect(find(objects, 'Service', 'filebeat').spec.ports[0].port).toBe(9479);
    expect(find(objects, 'ServiceMonitor', 'filebeat').metadata.namespace).toBe('node-collectors');
    const egress = find(objects, 'NetworkPolicy').spec.egress;
    expect(egress.map((r) => r.ports[0].port)).toEqual([53, 443, 5044]);
  });

  it('throws if the Logstash host is not host:port', () => {
    expect(() => build({ logstashHost: 'logging-ls-beats' })).toThrow(/logstashHost "logging-ls-beats" is not host:port/);
  });
});

import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Prometheus, type PrometheusProps } from '../../cdk8s/metrics/prometheus.js';
import { environment } from '../support/envs.js';
import { find, type K8sObject, synthMetrics } from './support.js';

const SELECTOR = { matchLabels: { 'platform.example.com/prometheus': 'platform' } };

const baseProps: PrometheusProps = {
  namespace: 'monitoring',
  image: 'quay.io/prometheus/prometheus:v3.5.3',
  replicas: 2,
  resources: { cpu: '1', memory: '4Gi' },
  storageGiB: 100,
  retention: '15d',
  retentionSize: '80GB',
  scrapeInterval: '30s',
  evaluationInterval: '30s',
  externalLabels: { cluster: 'c', environment: 'e' },
  vpcCidr: '10.0.0.0/16',
  queriers: [],
};

function synth(props: Partial<PrometheusProps> = {}): K8sObject[] {
  const chart = Testing.chart();
  new Prometheus(chart, 'prometheus', { ...baseProps, ...props });
  return Testing.synth(chart) as K8sObject[];
}

describe('Prometheus in production', () => {
  const env = environment('prod');
  const objects = synthMetrics(env);
  const spec = find(objects, 'Prometheus', 'platform', 'monitoring').spec as Record<string, never>;

  it('runs the configured replicas, spread over zones, with a PodDisruptionBudget', () => {
    expect(spec.replicas).toBe(env.metrics.prometheus.replicas);
    expect(spec.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1 }),
    ]);
    const pdb = find(objects, 'PodDisruptionBudget', 'prometheus', 'monitoring').spec as Record<string, unknown>;
    expect(pdb).toMatchObject({ minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'platform' } } });
  });

  it('keeps data on a persistent volume, with time and size retention from config', () => {
    expect(spec.retention).toBe(env.metrics.retention);
    expect(spec.retentionSize).toBe(env.metrics.prometheus.retentionSize);
    expect(spec.storage).toEqual({
      volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${env.metrics.prometheus.storageGiB}Gi` } } } },
    });
  });

  it('labels everything it sends with the cluster and environment', () => {
    expect(spec.externalLabels).toEqual({ cluster: env.clusterName, environment: 'prod' });
  });

  it('takes requests and the memory limit from config', () => {
    const r = env.metrics.prometheus.resources;
    expect(spec.resources).toEqual({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });
  });

  it('selects monitors and rules by the stack label in every namespace, not by a Helm release label', () => {
    for (const key of ['serviceMonitorSelector', 'podMonitorSelector', 'ruleSelector']) expect(spec[key]).toEqual(SELECTOR);
    for (const key of ['serviceMonitorNamespaceSelector', 'podMonitorNamespaceSelector', 'ruleNamespaceSelector']) expect(spec[key]).toEqual({});
    expect(JSON.stringify(spec)).not.toContain('release');
  });

  it('sends alerts to the alertmanager Service on port web', () => {
    expect(spec.alerting).toEqual({ alertmanagers: [{ name: 'alertmanager', namespace: 'monitoring', port: 'web' }] });
  });

  it('runs non-root with restricted containers and its own ServiceAccount token', () => {
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers).toEqual([
      expect.objectContaining({ name: 'prometheus', securityContext: expect.objectContaining({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }) }),
      expect.objectContaining({ name: 'config-reloader', securityContext: expect.objectContaining({ allowPrivilegeEscalation: false }) }),
    ]);
    expect(spec.serviceAccountName).toBe('prometheus');
    expect(spec.automountServiceAccountToken).toBe(true);
  });

  it('exposes the prometheus Service on port web (9090) and scrapes itself', () => {
    const svc = find(objects, 'Service', 'prometheus', 'monitoring').spec as { ports: Array<{ name: string; port: number }> };
    expect(svc.ports).toContainEqual(expect.objectContaining({ name: 'web', port: 9090 }));
    const sm = find(objects, 'ServiceMonitor', 'prometheus', 'monitoring');
    expect(sm.spec).toMatchObject({ endpoints: [{ port: 'web' }] });
  });

  it('may only discover targets: read-only verbs, no wildcards', () => {
    const role = find(objects, 'ClusterRole', 'prometheus-platform') as unknown as { rules: Array<{ verbs: string[]; resources?: string[] }> };
    for (const rule of role.rules) {
      expect(rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
      expect(rule.resources ?? []).not.toContain('*');
    }
    expect(role.rules.flatMap((r) => r.resources ?? [])).toEqual(expect.arrayContaining(['pods', 'services', 'endpoints', 'endpointslices', 'nodes', 'nodes/metrics']));
  });

  it('lets Grafana and the gateway proxies query it', () => {
    const np = find(objects, 'NetworkPolicy', 'prometheus', 'monitoring').spec as { ingress: Array<{ from: unknown[] }> };
    expect(JSON.stringify(np.ingress[0]?.from)).toContain('grafana');
    expect(JSON.stringify(np.ingress[0]?.from)).toContain('envoy-gateway-system');
  });
});

describe('Prometheus', () => {
  it('uses a soft zone spread and maxUnavailable with a single replica', () => {
    const objects = synth({ replicas: 1 });
    expect((find(objects, 'Prometheus', 'platform').spec as { topologySpreadConstraints: Array<{ whenUnsatisfiable: string }> }).topologySpreadConstraints[0]?.whenUnsatisfiable).toBe('ScheduleAnyway');
    expect(find(objects, 'PodDisruptionBudget', 'prometheus').spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('adds remote write with SigV4, the replica label for deduplication and no internet egress when configured', () => {
    const queue = { capacity: 3000, minShards: 1, maxShards: 10, maxSamplesPerSend: 1000, batchSendDeadline: '5s', minBackoff: '30ms', maxBackoff: '5s' };
    const objects = synth({ remoteWrite: { name: 'amp', url: 'https://aps.example.com/api/v1/remote_write', region: 'eu-west-1', queue } });
    expect(find(objects, 'Prometheus', 'platform').spec).toMatchObject({
      remoteWrite: [{ name: 'amp', url: 'https://aps.example.com/api/v1/remote_write', sigv4: { region: 'eu-west-1' }, queueConfig: { ...queue, retryOnRateLimit: true } }],
      replicaExternalLabelName: '__replica__',
    });
    const egress = JSON.stringify(find(objects, 'NetworkPolicy', 'prometheus').spec);
    expect(egress).not.toContain('0.0.0.0/0');
    expect(egress).toContain('169.254.170.23/32');
  });

  it('has no remote write by default', () => {
    expect(find(synth(), 'Prometheus', 'platform').spec).not.toHaveProperty('remoteWrite');
  });

  it('sends alerts to the alertmanager Service by default', () => {
    expect(find(synth(), 'Prometheus', 'platform').spec).toMatchObject({ alerting: { alertmanagers: [{ name: 'alertmanager', port: 'web' }] } });
  });

  it('may reach Alertmanager pods (app.kubernetes.io/name=alertmanager) on 9093 by default', () => {
    const np = find(synth(), 'NetworkPolicy', 'prometheus').spec as { egress: Array<{ to?: Array<{ podSelector?: unknown }>; ports: Array<{ port: number }> }> };
    const rule = np.egress.find((e) => e.ports.some((p) => p.port === 9093));
    expect(rule?.to?.[0]?.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } });
  });

  it('throws if replicas is not a positive whole number', () => {
    expect(() => synth({ replicas: 0 })).toThrow(/prometheus replicas must be a whole number of at least 1 \(got 0\)/);
  });

  it('throws if storageGiB is not a positive whole number', () => {
    expect(() => synth({ storageGiB: 0.5 })).toThrow(/prometheus storageGiB must be a whole number of at least 1 \(got 0.5\)/);
  });
});

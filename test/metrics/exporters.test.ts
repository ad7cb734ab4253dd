import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ControlPlaneScrape } from '../../cdk8s/metrics/control-plane-scrape.js';
import { KubeletScrape } from '../../cdk8s/metrics/kubelet-scrape.js';
import { environment } from '../support/envs.js';
import { find, type K8sObject, synthMetrics } from './support.js';

interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  automountServiceAccountToken?: boolean;
  securityContext: Record<string, unknown>;
  containers: Array<{ securityContext: Record<string, unknown>; volumeMounts?: Array<{ readOnly?: boolean; mountPath: string }>; resources: unknown }>;
  volumes?: Array<{ name: string; hostPath?: { path: string } }>;
}
const podOf = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;

describe('node-exporter', () => {
  const env = environment('prod');
  const objects = synthMetrics(env);
  const ds = find(objects, 'DaemonSet', 'node-exporter', 'node-collectors');
  const pod = podOf(ds);

  it('runs in node-collectors with only the host access it needs: host network, host PID, read-only /proc, /sys and /', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.volumes?.map((v) => v.hostPath?.path).sort()).toEqual(['/', '/proc', '/sys']);
    expect(pod.containers[0]?.volumeMounts?.every((m) => m.readOnly === true)).toBe(true);
  });

  it('is still non-root, without capabilities or privilege escalation, on a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(pod.containers[0]?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.containers[0]?.securityContext).not.toHaveProperty('privileged');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('takes resources from config', () => {
    const r = env.metrics.nodeExporter.resources;
    expect(pod.containers[0]?.resources).toEqual({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });
  });

  it('accepts connections from Prometheus only and opens none', () => {
    const np = find(objects, 'NetworkPolicy', 'node-exporter', 'node-collectors').spec as { ingress: Array<{ from: unknown[] }>; policyTypes: string[]; egress?: unknown[] };
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toHaveLength(1);
    expect(np.ingress[0]?.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
    expect(np.egress ?? []).toEqual([]);
  });
});

describe('kube-state-metrics', () => {
  const env = environment('prod');
  const objects = synthMetrics(env);
  const pod = podOf(find(objects, 'Deployment', 'kube-state-metrics', 'monitoring'));

  it('may only list and watch, with no wildcard', () => {
    const role = find(objects, 'ClusterRole', 'kube-state-metrics') as unknown as { rules: Array<{ verbs: string[]; resources: string[]; apiGroups: string[] }> };
    for (const rule of role.rules) {
      expect(rule.verbs).toEqual(['list', 'watch']);
      expect([...rule.resources, ...rule.apiGroups]).not.toContain('*');
    }
  });

  it('never reads Secrets or ConfigMaps, and collects exactly what it may list', () => {
    const role = find(objects, 'ClusterRole', 'kube-state-metrics') as unknown as { rules: Array<{ resources: string[] }> };
    const allowed = role.rules.flatMap((r) => r.resources);
    expect(allowed).not.toContain('secrets');
    expect(allowed).not.toContain('configmaps');
    const args = (pod.containers[0] as unknown as { args: string[] }).args;
    expect(args.find((a) => a.startsWith('--resources='))?.slice('--resources='.length).split(',')).toEqual([...allowed].sort());
  });

  it('runs restricted, with the API token it needs', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('is scraped with honorLabels so object labels are kept', () => {
    expect(find(objects, 'ServiceMonitor', 'kube-state-metrics', 'monitoring').spec).toMatchObject({ endpoints: [{ port: 'http-metrics', honorLabels: true }] });
  });

  it('accepts connections from Prometheus only', () => {
    const np = find(objects, 'NetworkPolicy', 'kube-state-metrics', 'monitoring').spec as { ingress: Array<{ from: unknown[] }> };
    expect(JSON.stringify(np.ingress)).toContain('"app.kubernetes.io/name":"prometheus"');
    expect(np.ingress).toHaveLength(1);
  });
});

describe('KubeletScrape', () => {
  it('scrapes the operator-managed kubelet Service in kube-system by default, /metrics, probes, resource and cAdvisor over https', () => {
    const chart = Testing.chart();
    new KubeletScrape(chart, 'kubelet');
    const objects = Testing.synth(chart) as K8sObject[];
    expect(objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'kube-system/kubelet',
      'kube-system/kubelet-probes',
      'kube-system/kubelet-resource',
      'kube-system/kubelet-cadvisor',
    ]);
    const paths = objects.map((o) => (o.spec as { endpoints: { path: string }[] }).endpoints[0]?.path);
    expect(paths).toEqual(['/metrics', '/metrics/probes', '/metrics/resource', '/metrics/cadvisor']);
    expect(find(objects, 'ServiceMonitor', 'kubelet-cadvisor').spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kubelet' } },
      endpoints: [{ port: 'https-metrics', path: '/metrics/cadvisor', scheme: 'https' }],
    });
  });

  it('scrapes the EKS API server (job apiserver, token + cluster CA) and CoreDNS (job coredns)', () => {
    const chart = Testing.chart();
    new ControlPlaneScrape(chart, 'cp');
    const objects = Testing.synth(chart) as K8sObject[];
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ServiceMonitor default/apiserver', 'ServiceMonitor kube-system/coredns']);
    expect(find(objects, 'ServiceMonitor', 'apiserver').spec).toMatchObject({
      jobLabel: 'component',
      selector: { matchLabels: { component: 'apiserver', provider: 'kubernetes' } },
      endpoints: [{ port: 'https', scheme: 'https', tlsConfig: { serverName: 'kubernetes' } }],
    });
    expect(JSON.stringify(find(objects, 'ServiceMonitor', 'coredns').spec)).toContain('"replacement":"coredns"');
  });

  it('uses another namespace when given', () => {
    const chart = Testing.chart();
    new KubeletScrape(chart, 'kubelet', { namespace: 'monitoring' });
    expect((Testing.synth(chart) as K8sObject[]).every((o) => o.metadata.namespace === 'monitoring')).toBe(true);
  });
});

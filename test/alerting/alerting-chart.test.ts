import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AlertingChart } from '../../cdk8s/alerting/chart.js';
import { Alertmanager } from '../../cdk8s/alerting/alertmanager.js';
import { PrometheusRules } from '../../cdk8s/lib/prometheus-rules.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  stringData?: Record<string, string>;
}

const baseProps = {
  namespace: 'monitoring',
  replicas: 3,
  resources: { cpu: '100m', memory: '256Mi' },
  storageGiB: 5,
  configYaml: 'route: {receiver: x}\nreceivers: [{name: x}]\n',
  configFiles: {},
  receiverSecretName: 'alertmanager-receivers',
};

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('alerting chart (%s)', (_name, env) => {
  const objects = Testing.synth(new AlertingChart(Testing.app(), 'alerting', { env })) as Obj[];
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('runs Alertmanager main with the configured replicas, spread and a config Secret', () => {
    const am = find('Alertmanager', 'main');
    expect(am?.spec).toMatchObject({
      replicas: env.alerting.alertmanager.replicas,
      configSecret: 'alertmanager-main-config',
      secrets: ['alertmanager-receivers'],
      automountServiceAccountToken: false,
      retention: '120h',
    });
    const spread = (am?.spec?.topologySpreadConstraints as { topologyKey: string }[]).map((t) => t.topologyKey);
    expect(spread).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(find('Secret', 'alertmanager-main-config')?.stringData?.['alertmanager.yaml']).toContain('receivers:');
  });

  it('exposes Service alertmanager on port web and scrapes it', () => {
    const svc = find('Service', 'alertmanager');
    expect(svc?.spec).toMatchObject({ ports: [{ name: 'web', port: 9093 }], selector: { 'app.kubernetes.io/name': 'alertmanager' } });
    expect(find('ServiceMonitor', 'alertmanager')?.metadata.labels).toMatchObject({ 'platform.example.com/prometheus': 'platform' });
  });

  it('keeps all but one replica during voluntary disruptions', () => {
    expect(find('PodDisruptionBudget', 'alertmanager-main')?.spec).toMatchObject({ minAvailable: Math.max(env.alerting.alertmanager.replicas - 1, 0) });
  });

  it('mounts no service account token', () => {
    expect(find('ServiceAccount', 'alertmanager-main')?.automountServiceAccountToken).toBe(false);
  });

  it('allows the gossip mesh on 9094 TCP and UDP between replicas only', () => {
    const mesh = find('NetworkPolicy', 'alertmanager-mesh')?.spec as { ingress: { ports: { port: number; protocol: string }[] }[] };
    expect(mesh.ingress[0]?.ports).toEqual([{ port: 9094, protocol: 'TCP' }, { port: 9094, protocol: 'UDP' }]);
  });

  it('syncs the receiver credentials from AWS Secrets Manager', () => {
    expect(find('ExternalSecret', 'alertmanager-receivers')).toBeDefined();
  });

  it('ships a PrometheusRule per area and per service with an SLO, selected by Prometheus', () => {
    const rules = objects.filter((o) => o.kind === 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name)).toEqual([
      'platform-workloads',
      'platform-capacity',
      'platform-nodes',
      'platform-system',
      'platform-stack',
      'platform-stack-health',
      'platform-logging',
      'platform-meta',
      'platform-remote-write',
      ...env.services.filter((s) => s.slo).map((s) => `slo-${s.name}`),
    ]);
    for (const r of rules) expect(r.metadata.labels).toMatchObject({ 'platform.example.com/prometheus': 'platform' });
  });

  it('records the SLO series the dashboards query', () => {
    const slo = objects.filter((o) => o.kind === 'PrometheusRule' && o.metadata.name.startsWith('slo-'));
    for (const r of slo) {
      const records = (r.spec?.groups as { rules: { record?: string; labels?: Record<string, string> }[] }[])[0]?.rules.flatMap((x) => (x.record ? [x] : []));
      const names = records?.map((x) => x.record);
      for (const w of ['5m', '1h', '6h', '3d']) expect(names).toContain(`slo:sli_error:ratio_rate${w}`);
      expect(names).toContain('slo:objective:ratio');
      for (const x of records ?? []) expect(Object.keys(x.labels ?? {}).sort()).toEqual(['namespace', 'service', 'team']);
    }
  });
});

describe('Alertmanager', () => {
  it('throws if replicas is not a positive integer', () => {
    expect(() => new Alertmanager(Testing.chart(), 'am', { ...baseProps, replicas: 0 })).toThrow(/alertmanager replicas must be a positive integer \(got 0\)/);
  });

  it('throws if minAvailable would block every drain', () => {
    expect(() => new Alertmanager(Testing.chart(), 'am', { ...baseProps, minAvailable: 3 })).toThrow(/minAvailable 3 blocks every node drain/);
  });

  it('throws if alertmanager.yaml is passed as an extra file', () => {
    expect(() => new Alertmanager(Testing.chart(), 'am', { ...baseProps, configFiles: { 'alertmanager.yaml': '' } })).toThrow(/configFiles must not contain "alertmanager.yaml"/);
  });

  it('defaults retention to 120h, the SMTP port to 587 and minAvailable to replicas - 1', () => {
    const chart = Testing.chart();
    new Alertmanager(chart, 'am', baseProps);
    const objs = Testing.synth(chart) as Obj[];
    expect(objs.find((o) => o.kind === 'Alertmanager')?.spec?.retention).toBe('120h');
    expect(objs.find((o) => o.kind === 'PodDisruptionBudget')?.spec?.minAvailable).toBe(2);
    const egress = objs.find((o) => o.metadata.name === 'alertmanager-receivers')?.spec as { egress: { ports: { port: number }[] }[] };
    expect(egress.egress[1]?.ports.map((p) => p.port)).toEqual([443, 587]);
  });
});

describe('PrometheusRules', () => {
  it('throws if a group has no rules', () => {
    expect(() => new PrometheusRules(Testing.chart(), 'r', { name: 'x', namespace: 'monitoring', groups: [{ name: 'g', rules: [] }] })).toThrow(/rule group "g" of "x" has no rules/);
  });

  it('throws if a group name repeats', () => {
    const g = { name: 'g', rules: [{ record: 'a:b', expr: '1' }] };
    expect(() => new PrometheusRules(Testing.chart(), 'r', { name: 'x', namespace: 'monitoring', groups: [g, g] })).toThrow(/appears twice/);
  });
});

import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PlatformChart } from '../../cdk8s/platform/chart.js';
import { AwsSecretsManagerStore } from '../../cdk8s/platform/cluster-secret-store.js';
import { DefaultDeny } from '../../cdk8s/platform/default-deny.js';
import { PlatformNamespace } from '../../cdk8s/platform/namespace.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface PlatformObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('platform chart (%s)', (_name, env) => {
  const chart = new PlatformChart(Testing.app(), 'platform', { env });
  const all = Testing.synth(chart) as PlatformObject[];
  const objects = all.filter((o) => o.kind === 'Namespace');

  it('creates the namespaces the stack runs in', () => {
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(['gateway', 'logging', 'monitoring', 'node-collectors']);
  });

  it('enforces the restricted Pod Security Standard everywhere but the node-collector namespace', () => {
    for (const ns of objects.filter((o) => o.metadata.name !== 'node-collectors')) {
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });

  it('audits and warns at restricted in every namespace, and documents the one exception', () => {
    for (const ns of objects) {
      expect(ns.metadata.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
      expect(ns.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    }
    const collectors = objects.find((o) => o.metadata.name === 'node-collectors');
    expect(collectors?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(collectors?.metadata.annotations?.['platform.example.com/pod-security-exception']).toMatch(/hostPath/);
  });

  it('denies all ingress and egress by default in every namespace of the stack', () => {
    const denies = all.filter((o) => o.kind === 'NetworkPolicy');
    expect(denies.map((o) => o.metadata.namespace).sort()).toEqual(['gateway', 'logging', 'monitoring', 'node-collectors']);
    for (const d of denies) {
      expect(d.metadata.name).toBe('default-deny');
      expect(d.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    }
  });

  it('reads AWS Secrets Manager of the environment region through the operator identity, for the stack namespaces and those of services with secrets only', () => {
    const stores = all.filter((o) => o.kind === 'ClusterSecretStore');
    expect(stores.map((o) => o.metadata.name)).toEqual(['aws-secrets-manager']);
    const serviceNamespaces = [...new Set(env.services.filter((s) => s.deploy && s.secrets.length > 0).map((s) => s.namespace))];
    expect(stores[0]?.spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: env.aws.region } },
      conditions: [{ namespaces: ['monitoring', 'logging', 'gateway', 'node-collectors', ...serviceNamespaces] }],
    });
  });

  it('labels every object with the environment and the product', () => {
    for (const o of all) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/part-of': 'observability-platform',
        'platform.example.com/environment': env.name,
      });
    }
  });
});

describe('AwsSecretsManagerStore', () => {
  it('throws if no namespace may use the store', () => {
    expect(() => new AwsSecretsManagerStore(Testing.chart(), 'store', { region: 'eu-west-1', namespaces: [] })).toThrow(
      /cluster secret store allows no namespaces/,
    );
  });

  it('is named aws-secrets-manager by default', () => {
    const chart = Testing.chart();
    new AwsSecretsManagerStore(chart, 'store', { region: 'eu-west-1', namespaces: ['a'] });
    expect(Testing.synth(chart)[0].metadata.name).toBe('aws-secrets-manager');
  });
});

describe('DefaultDeny', () => {
  it('is named default-deny by default and can be renamed', () => {
    const chart = Testing.chart();
    new DefaultDeny(chart, 'a', { namespace: 'x' });
    new DefaultDeny(chart, 'b', { namespace: 'y', name: 'deny-all' });
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual(['default-deny', 'deny-all']);
  });
});

describe('PlatformNamespace', () => {
  it('throws if a namespace enforces less than restricted without a written exception', () => {
    const chart = Testing.chart();
    expect(() => new PlatformNamespace(chart, 'ns', { name: 'lax', enforce: 'baseline' })).toThrow(
      /namespace "lax" enforces "baseline" without an exception/,
    );
  });
});

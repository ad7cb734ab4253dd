import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PlatformChart } from '../../cdk8s/charts/platform.js';
import { PlatformNamespace } from '../../cdk8s/constructs/namespace.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface NamespaceObject {
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('platform chart (%s)', (_name, env) => {
  const chart = new PlatformChart(Testing.app(), 'platform', { env });
  const objects = Testing.synth(chart) as NamespaceObject[];

  it('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

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

  it('labels every object with the environment and the product', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/part-of': 'observability-platform',
        'platform.example.com/environment': env.name,
      });
    }
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

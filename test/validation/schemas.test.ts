/**
 * Every object in charts-out/ against the Kubernetes schema of its kind or the pinned CRD's openAPIV3Schema.
 * The validator itself is tested too, so this suite cannot pass by validating nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ManifestValidator, readManifests, type LocatedManifest } from '../../scripts/lib/validate-manifests.js';
import { ENVIRONMENT_NAMES } from '../support/envs.js';
import { CHARTS_OUT, REPO_ROOT } from '../support/repo.js';

let validator: ManifestValidator;
beforeAll(() => {
  validator = ManifestValidator.create();
});

const located = (object: Record<string, unknown>): LocatedManifest[] => [{ file: 'test.k8s.yaml', object: object as never }];

describe('charts-out/', () => {
  const manifests = readManifests(CHARTS_OUT, REPO_ROOT);

  it('holds objects for every environment', () => {
    const envs = new Set(manifests.map((m) => m.file.split('/')[1]));
    expect([...envs].sort()).toEqual(ENVIRONMENT_NAMES);
  });

  it('validates every object against its Kubernetes or CRD schema with 0 errors', async () => {
    const problems = await validator.validate(manifests);
    expect(problems.map((p) => `${p.file}: ${p.object}: ${p.message}`)).toEqual([]);
  });
});

describe('the manifest validator', () => {
  it('rejects a core object with a wrong type', async () => {
    const problems = await validator.validate(
      located({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'y' }, spec: { replicas: 'two' } }),
    );
    expect(problems.map((p) => p.message).join()).toMatch(/replicas must be integer/);
  });

  it('fails an unknown kind instead of skipping it', async () => {
    const problems = await validator.validate(located({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n' } }));
    expect(problems.map((p) => p.message).join()).toMatch(/unknown kind example\.com\/v1\/Widget/);
  });

  it('rejects an unknown field in a custom resource (strict field validation)', async () => {
    const problems = await validator.validate(
      located({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'm', namespace: 'monitoring' },
        spec: { selector: {}, endpoints: [{ port: 'http', intervall: '30s' }] },
      }),
    );
    expect(problems.map((p) => p.message).join()).toMatch(/additional properties.*intervall/);
  });

  it('rejects a custom resource with a wrong enum value', async () => {
    const problems = await validator.validate(
      located({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'm', namespace: 'monitoring' },
        spec: { selector: {}, endpoints: [{ port: 'http', scheme: 'gopher' }] },
      }),
    );
    expect(problems.length).toBeGreaterThan(0);
  });

  it('requires a namespace on namespaced kinds and forbids one on cluster-scoped kinds', async () => {
    const problems = await validator.validate([
      ...located({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
      ...located({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'x' } }),
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/without metadata.namespace/),
      expect.stringMatching(/must not set metadata.namespace/),
    ]);
  });

  it('rejects an invalid object name', async () => {
    const problems = await validator.validate(located({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'x' } }));
    expect(problems.map((p) => p.message).join()).toMatch(/not a valid DNS subdomain/);
  });
});

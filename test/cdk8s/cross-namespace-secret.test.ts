import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CrossNamespaceSecret, type CrossNamespaceSecretProps } from '../../cdk8s/lib/cross-namespace-secret.js';

interface Obj {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

const base: CrossNamespaceSecretProps = {
  sourceNamespace: 'logging',
  sourceSecretName: 'logging-es-http-certs-public',
  keys: ['ca.crt'],
  namespace: 'monitoring',
  secretName: 'elasticsearch-ca',
};

function build(props: Partial<CrossNamespaceSecretProps> = {}): Obj[] {
  const chart = Testing.chart();
  new CrossNamespaceSecret(chart, 'copy', { ...base, ...props });
  return Testing.synth(chart) as Obj[];
}

function find(objects: readonly Obj[], kind: string): Obj {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
}

describe('CrossNamespaceSecret', () => {
  it('creates exactly a ServiceAccount, SecretStore and ExternalSecret in the target and a Role and RoleBinding in the source', () => {
    expect(build().map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ExternalSecret monitoring/elasticsearch-ca',
      'Role logging/monitoring-elasticsearch-ca-reader',
      'RoleBinding logging/monitoring-elasticsearch-ca-reader',
      'SecretStore monitoring/elasticsearch-ca-reader',
      'ServiceAccount monitoring/elasticsearch-ca-reader',
    ]);
  });

  it('copies each listed key of the source Secret into a Secret the ExternalSecret owns, re-read hourly by default', () => {
    const spec = find(build({ keys: ['ca.crt', 'tls.crt'] }), 'ExternalSecret').spec;
    expect(spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: 'elasticsearch-ca-reader' },
      target: { name: 'elasticsearch-ca', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'ca.crt', remoteRef: { key: 'logging-es-http-certs-public', property: 'ca.crt' } },
        { secretKey: 'tls.crt', remoteRef: { key: 'logging-es-http-certs-public', property: 'tls.crt' } },
      ],
    });
  });

  it('uses the given refresh interval', () => {
    expect(find(build({ refreshInterval: '10m' }), 'ExternalSecret').spec).toMatchObject({ refreshInterval: '10m' });
  });

  it('reads the source namespace of this cluster through the API server, trusting the cluster CA, as its own ServiceAccount', () => {
    const objects = build();
    expect(find(objects, 'SecretStore').spec).toEqual({
      provider: {
        kubernetes: {
          remoteNamespace: 'logging',
          server: { url: 'https://kubernetes.default.svc', caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
          auth: { serviceAccount: { name: 'elasticsearch-ca-reader' } },
        },
      },
    });
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  it('lets that ServiceAccount only get the one source Secret', () => {
    const objects = build();
    expect(find(objects, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['logging-es-http-certs-public'], verbs: ['get'] },
    ]);
    expect(find(objects, 'RoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'monitoring-elasticsearch-ca-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'elasticsearch-ca-reader', namespace: 'monitoring' }],
    });
  });

  it('names the reader after readerName when given', () => {
    const objects = build({ readerName: 'es-ca' });
    expect(find(objects, 'SecretStore').metadata.name).toBe('es-ca');
    expect(find(objects, 'Role').metadata.name).toBe('monitoring-es-ca');
  });

  it('throws if the source and target namespaces are the same', () => {
    expect(() => build({ namespace: 'logging' })).toThrow(/namespace "logging" is also the sourceNamespace/);
  });

  it('throws if no key is listed', () => {
    expect(() => build({ keys: [] })).toThrow(/keys is empty/);
  });

  it('throws if a key is listed twice or is not a valid Secret key', () => {
    expect(() => build({ keys: ['ca.crt', 'ca.crt'] })).toThrow(/key "ca.crt" is listed twice/);
    expect(() => build({ keys: ['ca/crt'] })).toThrow(/key "ca\/crt" is not a valid Secret key/);
  });

  it('throws if a namespace or a name is not a valid Kubernetes name', () => {
    expect(() => build({ sourceNamespace: 'Logging' })).toThrow(/sourceNamespace "Logging" is not a namespace name/);
    expect(() => build({ secretName: 'elasticsearch_ca' })).toThrow(/secretName "elasticsearch_ca" is not a valid object name/);
  });
});

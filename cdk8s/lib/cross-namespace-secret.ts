import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  SecretStore,
  SecretStoreSpecProviderKubernetesServerCaProviderType,
} from '../../imports/external-secrets.io.js';

export interface CrossNamespaceSecretProps {
  /** Namespace the source Secret lives in, e.g. `logging`. */
  readonly sourceNamespace: string;
  /** Name of the source Secret, e.g. ECK's `logging-es-http-certs-public`. */
  readonly sourceSecretName: string;
  /** Keys copied from the source Secret (same key names in the copy), e.g. `['ca.crt']`. */
  readonly keys: readonly string[];
  /** Namespace the copy is written to; must differ from `sourceNamespace`. */
  readonly namespace: string;
  /** Name of the copy (the Kubernetes Secret External Secrets writes in `namespace`). */
  readonly secretName: string;
  /**
   * How often External Secrets re-reads the source, so a renewed source propagates.
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Name of the reader: SecretStore and ServiceAccount in `namespace`; the Role and RoleBinding in `sourceNamespace`
   * are named `<namespace>-<readerName>` so copies into several namespaces do not collide.
   * @default '<secretName>-reader'
   */
  readonly readerName?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Copies keys of one Secret into another namespace with External Secrets' `kubernetes` provider, e.g. a CA that an
 * operator publishes in its own namespace to a client elsewhere. Least privilege: a dedicated ServiceAccount (no
 * mounted token: External Secrets requests short-lived tokens for it) may only `get` that one Secret, through a Role
 * in the source namespace restricted by `resourceNames`. The store validates itself with SelfSubjectRulesReview /
 * SelfSubjectAccessReview, which every authenticated identity may create (built-in ClusterRole `system:basic-user`),
 * so the Role grants nothing for them (a namespaced Role could not grant those cluster-scoped reviews anyway).
 */
export class CrossNamespaceSecret extends Construct {
  /** Name of the Kubernetes Secret that will exist in `namespace`. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: CrossNamespaceSecretProps) {
    super(scope, id);
    const readerName = props.readerName ?? `${props.secretName}-reader`;
    for (const [prop, value] of [
      ['sourceNamespace', props.sourceNamespace],
      ['namespace', props.namespace],
    ] as const) {
      if (!DNS_LABEL.test(value)) throw new Error(`${prop} "${value}" is not a namespace name; use lowercase letters, digits and "-"`);
    }
    for (const [prop, value] of [
      ['sourceSecretName', props.sourceSecretName],
      ['secretName', props.secretName],
      ['readerName', readerName],
    ] as const) {
      if (!DNS_SUBDOMAIN.test(value) || value.length > 253) {
        throw new Error(`${prop} "${value}" is not a valid object name; use lowercase letters, digits, "-" and "."`);
      }
    }
    if (props.sourceNamespace === props.namespace) {
      throw new Error(`namespace "${props.namespace}" is also the sourceNamespace; read Secret "${props.sourceSecretName}" directly instead of copying it`);
    }
    if (props.keys.length === 0) throw new Error(`keys is empty; list the keys of Secret "${props.sourceSecretName}" to copy, e.g. ['ca.crt']`);
    const seen = new Set<string>();
    for (const key of props.keys) {
      if (!SECRET_KEY.test(key)) throw new Error(`key "${key}" is not a valid Secret key; use letters, digits, "-", "_" and "."`);
      if (seen.has(key)) throw new Error(`key "${key}" is listed twice in keys; list each key once`);
      seen.add(key);
    }

    this.secretName = props.secretName;
    const labels = { 'app.kubernetes.io/name': readerName, 'app.kubernetes.io/component': 'secret-copy' };
    const sourceSideName = `${props.namespace}-${readerName}`;

    // Authenticates the store; External Secrets requests tokens for it (TokenRequest), no pod mounts one.
    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: readerName, namespace: props.namespace, labels },
      automountServiceAccountToken: false,
    });
    const role = new k8s.KubeRole(this, 'Role', {
      metadata: { name: sourceSideName, namespace: props.sourceNamespace, labels },
      // Only `get` of this one Secret: External Secrets reads it by name, never lists or watches.
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [props.sourceSecretName], verbs: ['get'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: sourceSideName, namespace: props.sourceNamespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: props.namespace }],
    });

    const store = new SecretStore(this, 'SecretStore', {
      metadata: { name: readerName, namespace: props.namespace, labels },
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: props.sourceNamespace,
            server: {
              url: 'https://kubernetes.default.svc',
              // The cluster CA, published in every namespace by the kube-controller-manager.
              caProvider: { type: SecretStoreSpecProviderKubernetesServerCaProviderType.CONFIG_MAP, name: 'kube-root-ca.crt', key: 'ca.crt' },
            },
            auth: { serviceAccount: { name: serviceAccount.name } },
          },
        },
      },
    });

    new ExternalSecret(this, 'ExternalSecret', {
      metadata: { name: props.secretName, namespace: props.namespace, labels },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE, name: store.name },
        target: { name: props.secretName, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
        data: props.keys.map((key) => ({ secretKey: key, remoteRef: { key: props.sourceSecretName, property: key } })),
      },
    });
  }
}

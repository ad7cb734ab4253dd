import { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { awsSecretName, CLUSTER_SECRET_STORE, type PlatformSecret } from '../../config/secrets.js';
import {
  ExternalSecret,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../imports/external-secrets.io.js';

export interface SyncedSecretProps {
  readonly env: Environment;
  /** The catalog entry (config/secrets.ts) to sync. */
  readonly secret: PlatformSecret;
  /** Namespace to write the Kubernetes Secret into; must be one of the entry's `namespaces`. */
  readonly namespace: string;
  /**
   * How often External Secrets re-reads AWS Secrets Manager, so rotations propagate.
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * Shape of the Kubernetes Secret: its `type` (e.g. `kubernetes.io/basic-auth`, which ECK's file realm reads) and
   * extra constant keys merged next to the synced ones (never credentials: they are written in the manifest).
   * @default - an Opaque Secret with only the catalog keys
   */
  readonly template?: SyncedSecretTemplate;
}

export interface SyncedSecretTemplate {
  /** @default 'Opaque' */
  readonly type?: string;
  /** Constant, non-secret keys added to the Secret. @default - none */
  readonly constantData?: Readonly<Record<string, string>>;
}

/**
 * A Kubernetes Secret kept in sync from AWS Secrets Manager by External Secrets, in one namespace. The Secret is
 * owned by the ExternalSecret (deleted with it) and has the same name as the catalog id.
 */
export class SyncedSecret extends Construct {
  /** Name of the Kubernetes Secret that will exist in `secret.namespace`. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    if (props.secret.keys.length === 0) throw new Error(`secret "${props.secret.id}" lists no keys; add the properties it holds`);
    if (!props.secret.namespaces.includes(props.namespace)) {
      throw new Error(
        `secret "${props.secret.id}" is not meant for namespace "${props.namespace}"; add it to its namespaces in config/secrets.ts`,
      );
    }
    for (const key of Object.keys(props.template?.constantData ?? {})) {
      if (props.secret.keys.includes(key)) {
        throw new Error(`template.constantData key "${key}" is also synced from secret "${props.secret.id}"; pick another key`);
      }
    }
    this.secretName = props.secret.id;
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.secret.id, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: CLUSTER_SECRET_STORE },
        target: {
          name: props.secret.id,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          ...(props.template
            ? {
                template: {
                  engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
                  // Merge: the synced keys stay, the constant keys are added.
                  mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.MERGE,
                  ...(props.template.type ? { type: props.template.type } : {}),
                  ...(props.template.constantData ? { data: { ...props.template.constantData } } : {}),
                },
              }
            : {}),
        },
        data: props.secret.keys.map((key) => ({
          secretKey: key,
          remoteRef: { key: awsSecretName(props.env, props.secret), property: key },
        })),
      },
    });
  }
}

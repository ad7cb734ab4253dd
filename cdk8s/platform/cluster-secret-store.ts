import { Construct } from 'constructs';
import { CLUSTER_SECRET_STORE } from '../../config/secrets.js';
import { ClusterSecretStore, ClusterSecretStoreSpecProviderAwsService } from '../../imports/external-secrets.io.js';

export interface AwsSecretsManagerStoreProps {
  /** AWS region of the environment's Secrets Manager secrets, e.g. `eu-west-1`. */
  readonly region: string;
  /** Namespaces allowed to read through this store (ExternalSecrets elsewhere are refused by the operator). */
  readonly namespaces: readonly string[];
  /**
   * Name of the ClusterSecretStore; ExternalSecrets reference it by this name.
   * @default CLUSTER_SECRET_STORE ('aws-secrets-manager')
   */
  readonly name?: string;
}

/**
 * The ClusterSecretStore through which External Secrets reads AWS Secrets Manager. It names no credentials: the
 * operator authenticates with its own identity (EKS Pod Identity of ServiceAccount `external-secrets` in
 * `external-secrets`, whose IAM role may only read this environment's `<resourcePrefix>/*` secrets), and only the
 * stack's namespaces may use the store.
 */
export class AwsSecretsManagerStore extends Construct {
  readonly apiObject: ClusterSecretStore;

  constructor(scope: Construct, id: string, props: AwsSecretsManagerStoreProps) {
    super(scope, id);
    if (props.namespaces.length === 0) {
      throw new Error('cluster secret store allows no namespaces; list the namespaces whose ExternalSecrets may use it');
    }
    this.apiObject = new ClusterSecretStore(this, 'Resource', {
      metadata: { name: props.name ?? CLUSTER_SECRET_STORE },
      spec: {
        // No `auth`: the AWS SDK in the operator pod picks up the Pod Identity credentials.
        provider: { aws: { service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: props.region } },
        conditions: [{ namespaces: [...props.namespaces] }],
      },
    });
  }
}

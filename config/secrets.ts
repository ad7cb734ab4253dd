/**
 * The credentials the stack uses, in one place. cdktf creates one AWS Secrets Manager secret per entry (values are
 * set out of band, never in code); cdk8s syncs each into the consuming namespace with an ExternalSecret.
 * Add an entry here when a component needs a credential, then reference it from that component's construct.
 */
import { NAMESPACES, type Environment } from './derive.js';
import { RECEIVER_SECRET, receiverSecretKeys } from './sections/alerting.js';

/** Name of the ClusterSecretStore (External Secrets Operator) that reads AWS Secrets Manager. */
export const CLUSTER_SECRET_STORE = 'aws-secrets-manager';

export interface PlatformSecret {
  /** Stable id; the AWS secret is `<resourcePrefix>/<id>`, the Kubernetes Secret is named `<id>`. */
  readonly id: string;
  /** What it is for (becomes the AWS secret's description). */
  readonly description: string;
  /** Namespaces that receive a copy as a Kubernetes Secret (one ExternalSecret each). */
  readonly namespaces: readonly string[];
  /** JSON properties of the AWS secret, each becoming one key of the Kubernetes Secret. */
  readonly keys: readonly string[];
}

/** Every credential of an environment. */
export function platformSecrets(env: Environment): PlatformSecret[] {
  return [
    {
      id: 'grafana-admin',
      description: 'Grafana admin login (break-glass; users sign in through the gateway)',
      namespaces: [NAMESPACES.monitoring.name],
      keys: ['admin-user', 'admin-password'],
    },
    {
      id: 'grafana-elasticsearch',
      description: 'Read-only Elasticsearch user of the Grafana logs datasource (ECK file realm)',
      namespaces: [NAMESPACES.monitoring.name, NAMESPACES.logging.name],
      keys: ['username', 'password'],
    },
    {
      id: RECEIVER_SECRET,
      description: 'Alertmanager receiver credentials (PagerDuty routing keys, Slack webhook URLs, SMTP passwords, heartbeat URL), one key per receiver',
      namespaces: [NAMESPACES.monitoring.name],
      keys: receiverSecretKeys(env.alerting.receivers),
    },
  ];
}

/** The AWS Secrets Manager name of a platform secret. */
export function awsSecretName(env: Environment, secret: Pick<PlatformSecret, 'id'>): string {
  return `${env.resourcePrefix}/${secret.id}`;
}

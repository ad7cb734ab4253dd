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

/**
 * Ids of the platform's own credentials (whichever the environment's settings select). Application secrets
 * (top-level `secrets`) may not reuse them, and services may not mount them.
 */
export const PLATFORM_SECRET_IDS: readonly string[] = [
  'grafana-admin',
  'grafana-elasticsearch',
  'elasticsearch-exporter',
  RECEIVER_SECRET,
  'gateway-tls',
  'gateway-oidc',
  'gateway-basic-auth',
];

/** Every credential of an environment: the platform's own, then the application secrets of the service catalog. */
export function platformSecrets(env: Environment): PlatformSecret[] {
  return [...ownSecrets(env), ...applicationSecrets(env)];
}

/**
 * The application secrets (top-level `secrets`): synced into the namespace of every deployed service that lists
 * them. A secret no deployed service reads still exists in AWS (so its value can be set before the first deploy).
 */
export function applicationSecrets(env: Environment): PlatformSecret[] {
  return env.secrets.map((secret) => ({
    id: secret.name,
    description: secret.description,
    namespaces: [...new Set(env.services.filter((s) => s.deploy && s.secrets.includes(secret.name)).map((s) => s.namespace))].sort(),
    keys: [...secret.keys],
  }));
}

function ownSecrets(env: Environment): PlatformSecret[] {
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
      id: 'elasticsearch-exporter',
      description: 'Elasticsearch user of the metrics exporter, monitor privileges only (ECK file realm)',
      namespaces: [NAMESPACES.logging.name],
      keys: ['username', 'password'],
    },
    {
      id: RECEIVER_SECRET,
      description: 'Alertmanager receiver credentials (PagerDuty routing keys, Slack webhook URLs, SMTP passwords, heartbeat URL), one key per receiver',
      namespaces: [NAMESPACES.monitoring.name],
      keys: receiverSecretKeys(env.alerting.receivers),
    },
    ...gatewaySecrets(env),
  ];
}

/** What the API gateway needs: its TLS certificate, and the credential of the configured sign-in mode. */
function gatewaySecrets(env: Environment): PlatformSecret[] {
  const namespaces = [NAMESPACES.gateway.name];
  return [
    {
      id: 'gateway-tls',
      description: `TLS certificate and key of the API gateway, covering *.${env.gateway.domain} (PEM)`,
      namespaces,
      keys: ['tls.crt', 'tls.key'],
    },
    env.gateway.auth.mode === 'oidc'
      ? {
          id: 'gateway-oidc',
          description: `OAuth client secret of client "${env.gateway.auth.clientId}" at ${env.gateway.auth.issuer}`,
          namespaces,
          keys: ['client-secret'],
        }
      : {
          id: 'gateway-basic-auth',
          description: 'htpasswd file (SHA hashes) of the users allowed through the gateway',
          namespaces,
          keys: ['.htpasswd'],
        },
  ];
}

/** One catalog entry by id; throws, naming the id and the fix, when the catalog has none. */
export function platformSecret(env: Environment, id: string): PlatformSecret {
  const secret = platformSecrets(env).find((s) => s.id === id);
  if (!secret) throw new Error(`secret "${id}" is not in the catalog; add it to platformSecrets in config/secrets.ts`);
  return secret;
}

/** The AWS Secrets Manager name of a platform secret. */
export function awsSecretName(env: Environment, secret: Pick<PlatformSecret, 'id'>): string {
  return `${env.resourcePrefix}/${secret.id}`;
}

import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { awsSecretName, platformSecrets } from '../../config/secrets.js';
import { RotatingKey } from '../lib/kms.js';
import { PlatformStack } from './platform-stack.js';

/** Days a deleted secret can still be restored. */
export const SECRET_RECOVERY_WINDOW_DAYS = 30;

/**
 * One AWS Secrets Manager secret per entry of the catalog (`platformSecrets`), encrypted with a rotating
 * customer-managed KMS key. Only the containers are created here: values are put out of band
 * (`aws secretsmanager put-secret-value`, see docs/infrastructure.md) and never appear in code or state.
 */
export class SecretsStack extends PlatformStack {
  readonly key: RotatingKey;
  /** Secrets by catalog id. */
  readonly secrets: Readonly<Record<string, SecretsmanagerSecret>>;

  constructor(scope: Construct, env: Environment) {
    super(scope, 'secrets', env);
    this.key = new RotatingKey(this, 'secrets-key', {
      alias: `${env.resourcePrefix}/secrets`,
      description: `Encryption of the Secrets Manager secrets of ${env.resourcePrefix}`,
    });
    const secrets: Record<string, SecretsmanagerSecret> = {};
    for (const secret of platformSecrets(env)) {
      if (secrets[secret.id]) throw new Error(`platformSecrets: id "${secret.id}" is listed twice; ids must be unique`);
      secrets[secret.id] = new SecretsmanagerSecret(this, `secret-${secret.id}`, {
        name: awsSecretName(env, secret),
        description: `${secret.description} (keys: ${secret.keys.join(', ')})`,
        kmsKeyId: this.key.key.arn,
        recoveryWindowInDays: SECRET_RECOVERY_WINDOW_DAYS,
      });
    }
    this.secrets = secrets;
  }
}

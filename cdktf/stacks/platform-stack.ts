import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';

/**
 * Base of every stack: one Terraform root module per environment and concern (`<env>-<concern>`), with its own
 * encrypted, locked S3 state and an AWS provider that refuses any account but the environment's.
 */
export abstract class PlatformStack extends TerraformStack {
  readonly env: Environment;

  constructor(scope: Construct, concern: string, env: Environment) {
    super(scope, `${env.name}-${concern}`);
    this.env = env;
    new AwsProvider(this, 'aws', {
      region: env.aws.region,
      allowedAccountIds: [env.aws.accountId],
      defaultTags: [{ tags: { ...env.awsTags, Stack: concern } }],
    });
    new S3Backend(this, {
      bucket: env.terraformState.bucket,
      key: `${env.name}/${concern}.tfstate`,
      region: env.terraformState.region ?? env.aws.region,
      encrypt: true,
    });
    // Terraform >= 1.10 locks S3 state with a lock object; cdktf 0.21's S3Backend predates the option.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

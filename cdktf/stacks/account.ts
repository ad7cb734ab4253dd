import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default/index.js';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { PlatformStack } from './platform-stack.js';

/**
 * Settings of the environment's AWS account and region, not of one environment's resources: EBS encryption by
 * default, so every new EBS volume (node root volumes and PersistentVolumes alike) is encrypted. Its own state
 * (`<env>/account.tfstate`), applied first and never destroyed with the environment: destroying the cluster or
 * network stack leaves the account setting on. `prevent_destroy` makes a `terraform destroy` of this stack fail
 * until someone removes the guard on purpose (docs/infrastructure.md).
 */
export class AccountStack extends PlatformStack {
  readonly ebsEncryptionByDefault: EbsEncryptionByDefault;

  constructor(scope: Construct, env: Environment) {
    super(scope, 'account', env);
    this.ebsEncryptionByDefault = new EbsEncryptionByDefault(this, 'ebs-encryption-by-default', {
      enabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}

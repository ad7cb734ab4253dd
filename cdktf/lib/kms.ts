import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Construct } from 'constructs';

export interface RotatingKeyProps {
  /** Alias without the `alias/` prefix, e.g. `obs-prod/eks-secrets`. */
  readonly alias: string;
  readonly description: string;
  /** Days before a scheduled deletion happens. @default 30 */
  readonly deletionWindowDays?: number;
}

/**
 * A symmetric customer-managed KMS key with yearly automatic rotation and an alias. Its key policy is the AWS
 * default (the account's IAM policies decide who may use it), so grants live next to the roles that need them.
 */
export class RotatingKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: RotatingKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

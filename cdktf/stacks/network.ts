import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { PlatformStack } from './platform-stack.js';

/** The environment's VPC. */
export class NetworkStack extends PlatformStack {
  readonly vpc: Vpc;

  constructor(scope: Construct, env: Environment) {
    super(scope, 'network', env);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: env.network.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: env.resourcePrefix },
    });
  }
}

/**
 * The Terraform stacks of one environment, in apply order. Each is a root module in
 * `cdktf.out/stacks/<env>-<stack>/cdk.tf.json`.
 */
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { NetworkStack } from './network.js';

export function addStacks(scope: Construct, env: Environment): void {
  new NetworkStack(scope, env);
}

/**
 * The Terraform stacks of one environment, in apply order. Each is a root module in
 * `cdktf.out/stacks/<env>-<stack>/cdk.tf.json`; references between stacks become remote-state lookups.
 * `scripts/terraform.sh` applies them in `STACK_ORDER`.
 */
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { AccountStack } from './account.js';
import { AddonsStack } from './addons.js';
import { ClusterStack } from './cluster.js';
import { LongTermMetricsStack } from './long-term-metrics.js';
import { NetworkStack } from './network.js';
import { RegistryStack } from './registry.js';
import { SecretsStack } from './secrets.js';

/** Apply order of the stacks (destroy in reverse). */
export const STACK_ORDER = ['account', 'network', 'cluster', 'registry', 'secrets', 'addons', 'long-term-metrics'] as const;
export type StackName = (typeof STACK_ORDER)[number];

export interface EnvironmentStacks {
  readonly account: AccountStack;
  readonly network: NetworkStack;
  readonly cluster: ClusterStack;
  readonly registry: RegistryStack;
  readonly secrets: SecretsStack;
  readonly addons: AddonsStack;
  readonly longTermMetrics: LongTermMetricsStack;
}

export function addStacks(scope: Construct, env: Environment): EnvironmentStacks {
  const account = new AccountStack(scope, env);
  const network = new NetworkStack(scope, env);
  const cluster = new ClusterStack(scope, env, { privateSubnets: network.privateSubnets });
  const registry = new RegistryStack(scope, env, { cluster: cluster.cluster });
  const secrets = new SecretsStack(scope, env);
  const addons = new AddonsStack(scope, env, {
    cluster: cluster.cluster,
    secrets: Object.values(secrets.secrets),
    secretsKey: secrets.key.key,
    vpc: network.vpc,
  });
  const longTermMetrics = new LongTermMetricsStack(scope, env, { cluster: cluster.cluster });
  return { account, network, cluster, registry, secrets, addons, longTermMetrics };
}

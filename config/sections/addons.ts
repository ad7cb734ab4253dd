/** Sizes of the operators cdktf installs with Helm (chart versions are pinned in code, not per environment). */
import { z } from 'zod';
import { resources } from './primitives.js';

export const operatorSize = z
  .object({
    replicas: z.number().int().min(1, { message: 'must be at least 1' }).max(5, { message: 'must be at most 5' }).default(1),
    resources: resources.describe('CPU/memory request; memory is also the limit'),
  })
  .strict();

/** An operator that runs as one replica by design (its chart offers no more). */
export const singleOperator = z.object({ resources: resources.describe('CPU/memory request; memory is also the limit') }).strict();

export const addons = z
  .object({
    prometheusOperator: singleOperator.describe('prometheus-operator (namespace prometheus-operator; one replica, it reconciles from scratch after a restart)'),
    eckOperator: operatorSize.describe('ECK operator (namespace elastic-system)'),
    externalSecrets: operatorSize.describe('External Secrets Operator controller (namespace external-secrets)'),
    envoyGateway: operatorSize.describe('Envoy Gateway controller (namespace envoy-gateway-system)'),
    awsLoadBalancerController: operatorSize.describe('AWS Load Balancer Controller (namespace kube-system; creates the gateway NLB)'),
  })
  .strict();

export type Addons = z.infer<typeof addons>;
export type OperatorSize = z.infer<typeof operatorSize>;
export type SingleOperator = z.infer<typeof singleOperator>;

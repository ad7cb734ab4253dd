/**
 * The one input: the strict schema of an environment file (`config/environments/<name>.yaml`).
 * Unknown keys are errors at every level. Each concern owns its section in `config/sections/`.
 */
import { z } from 'zod';
import { addons } from './sections/addons.js';
import { alerting } from './sections/alerting.js';
import { aws, tags, terraformState } from './sections/aws.js';
import { capacity } from './sections/capacity.js';
import { cluster } from './sections/cluster.js';
import { gateway } from './sections/gateway.js';
import { metrics } from './sections/metrics.js';
import { network } from './sections/network.js';
import { dnsLabel } from './sections/primitives.js';
import { logging } from './sections/logging.js';
import { registry } from './sections/registry.js';
import { crossSectionProblems } from './rules.js';
import { services, uniqueSecrets } from './sections/services.js';

/** Production policy: `production` enforces the minimum replica counts and OIDC sign-in of config/rules.ts. */
export const TIERS = ['production', 'non-production'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * GitLab's deployment tiers (`environment:deployment_tier`), first to last: the pipeline promotes through the
 * environments in this order (environments of one tier by name), and gives their deploy jobs this tier.
 */
export const DEPLOYMENT_TIERS = ['development', 'testing', 'staging', 'production'] as const;
export type DeploymentTier = (typeof DEPLOYMENT_TIERS)[number];

/** The sections of an environment file, each validated on its own. */
export const environmentSections = z
  .object({
    name: dnsLabel.describe('environment name; must equal the file name without .yaml'),
    tier: z
      .enum(TIERS, { message: 'must be production or non-production' })
      .describe('production: at least 2 replicas of every component, 3 Elasticsearch masters, OIDC sign-in (config/rules.ts)'),
    deploymentTier: z
      .enum(DEPLOYMENT_TIERS, { message: 'must be development, testing, staging or production' })
      .default('testing')
      .describe("the pipeline's promotion order and GitLab deployment tier: development deploys first and automatically, then testing, staging, production, each behind a manual gate"),
    aws,
    tags,
    terraformState,
    network,
    cluster,
    registry,
    addons,
    capacity: capacity.optional().describe('expected load; fills in the sizes left out of metrics and logging (config/capacity.ts)'),
    metrics,
    secrets: uniqueSecrets,
    services,
    alerting,
    logging,
    gateway,
  })
  .strict();

/** A validated environment, as read from its file. */
export type EnvironmentConfig = z.infer<typeof environmentSections>;

/** The sections plus every rule that spans them (config/rules.ts). */
export const environmentSchema = environmentSections.superRefine((env, ctx) => {
  for (const problem of crossSectionProblems(env)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
});

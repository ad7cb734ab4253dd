/** The stack's rule library: one rule group per area, built from the alerting config. */
import type { Alerting } from '../../../config/sections/alerting.js';
import { SCRAPE_SELECTORS } from '../../../contracts/scrape-jobs.js';
import { capacityRules } from './capacity.js';
import { loggingRules } from './logging.js';
import { metaRules } from './meta.js';
import { nodeRules } from './nodes.js';
import { remoteWriteRules } from './remote-write.js';
import { stackRules } from './stack.js';
import { systemRules } from './system.js';
import { stackHealthRules } from './stack-health.js';
import type { AlertContext, RuleGroup } from './types.js';
import { workloadRules } from './workloads.js';

export * from './types.js';

/** What the library needs from the alerting config. */
export function alertContext(alerting: Alerting): AlertContext {
  return {
    thresholds: alerting.thresholds,
    selectors: SCRAPE_SELECTORS,
    escalateWarningAfter: alerting.escalation.warningAfter,
    escalate: alerting.escalation.alerts,
  };
}

/** Areas of the stack's own rules, each shipped as one PrometheusRule named `platform-<area>`. */
export function platformRuleGroups(ctx: AlertContext): Record<string, RuleGroup> {
  return {
    workloads: workloadRules(ctx),
    capacity: capacityRules(ctx),
    nodes: nodeRules(ctx),
    system: systemRules(ctx),
    stack: stackRules(ctx),
    'stack-health': stackHealthRules(ctx),
    logging: loggingRules(ctx),
    meta: metaRules(ctx),
    'remote-write': remoteWriteRules(ctx),
  };
}

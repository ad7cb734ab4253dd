/**
 * Every rule set the alerting chart ships for an environment: one per area of the stack (`platform-<area>`) and one
 * per catalog service with an SLO (`slo-<service>`). The chart, the runbook generator and the tests all read this.
 */
import type { Alerting } from '../../config/sections/alerting.js';
import type { Service } from '../../config/sections/services.js';
import { alertContext, platformRuleGroups } from './alerts/index.js';
import type { AlertDefinition, RuleGroup } from './alerts/types.js';
import { servicesWithSlo, sloRuleGroup } from './slo/burn-rate.js';

export interface RuleSet {
  /** Name of the PrometheusRule object. */
  readonly name: string;
  readonly group: RuleGroup;
}

export function ruleSets(alerting: Alerting, services: readonly Service[]): RuleSet[] {
  return [
    ...Object.entries(platformRuleGroups(alertContext(alerting))).map(([area, group]) => ({ name: `platform-${area}`, group })),
    ...servicesWithSlo(services).map((svc) => ({ name: `slo-${svc.name}`, group: sloRuleGroup(svc, alerting.slo) })),
  ];
}

/** Every alert definition of the rule sets, in order. */
export function alertDefinitions(sets: readonly RuleSet[]): AlertDefinition[] {
  return sets.flatMap((s) => s.group.alerts ?? []);
}

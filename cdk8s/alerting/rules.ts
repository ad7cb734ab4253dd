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
  const sets = [
    ...Object.entries(platformRuleGroups(alertContext(alerting))).map(([area, group]) => ({ name: `platform-${area}`, group })),
    ...servicesWithSlo(services).map((svc) => ({ name: `slo-${svc.name}`, group: sloRuleGroup(svc, alerting.slo) })),
  ];
  checkEscalation(alerting.escalation.alerts, alertDefinitions(sets));
  return sets;
}

/** Only warnings of the library may escalate, and never a ticket-tier one. */
function checkEscalation(names: readonly string[], defs: readonly AlertDefinition[]): void {
  names.forEach((name, i) => {
    const matching = defs.filter((d) => d.alert === name);
    const where = `alerting.escalation.alerts[${i}]`;
    if (matching.length === 0) throw new Error(`${where}: unknown alert "${name}"; list warnings of the rule library (docs/runbooks/README.md)`);
    if (!matching.some((d) => d.severity === 'warning')) {
      throw new Error(`${where}: "${name}" is not a warning (it is ${matching[0]?.severity}); only warnings escalate, criticals page already`);
    }
    if (matching.some((d) => d.ticket)) {
      throw new Error(`${where}: "${name}" is a ticket-tier warning and must not page; remove it from the list`);
    }
  });
}

/** Every alert definition of the rule sets, in order. */
export function alertDefinitions(sets: readonly RuleSet[]): AlertDefinition[] {
  return sets.flatMap((s) => s.group.alerts ?? []);
}

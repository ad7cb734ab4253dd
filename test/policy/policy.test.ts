/**
 * Security policy over every synthesized object of every environment (charts-out/): the findings of rules.ts,
 * minus the justified exceptions of exceptions.ts, must be empty, and every exception must still be needed.
 */
import { describe, expect, it } from 'vitest';
import { IMAGE_LOCK, IMAGES } from '../../config/images.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { chartsOutByEnvironment, policyContext } from './context.js';
import { POLICY_EXCEPTIONS, type PolicyException } from './exceptions.js';
import { checkImageCatalog, checkObjects, type Violation } from './rules.js';

const matches = (e: PolicyException, v: Violation): boolean =>
  e.rule === v.rule && e.kind === v.kind && e.namespace === v.namespace && e.name === v.name && (e.container === undefined || e.container === v.container);

const format = (env: string, v: Violation): string =>
  `${env}: [${v.rule}] ${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name}${v.container ? ` (${v.container})` : ''}: ${v.message}`;

const byEnv = chartsOutByEnvironment();
const findings = ENVIRONMENTS.map((env) => ({ env: env.name, violations: checkObjects(byEnv.get(env.name) ?? [], policyContext(env.name)) }));

describe('security policy over charts-out/', () => {
  it('covers every shipped environment, each with objects', () => {
    expect([...byEnv.keys()].sort()).toEqual(ENVIRONMENTS.map((e) => e.name).sort());
    for (const env of ENVIRONMENTS) expect(byEnv.get(env.name)?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(ENVIRONMENTS.map((e) => e.name))('finds no violation outside the listed exceptions in %s', (name) => {
    const violations = findings.find((f) => f.env === name)?.violations ?? [];
    const unexcused = violations.filter((v) => !POLICY_EXCEPTIONS.some((e) => matches(e, v)));
    expect(unexcused.map((v) => format(name, v))).toEqual([]);
  });

  it('lists no stale exception: each one matches a finding in some environment', () => {
    const stale = POLICY_EXCEPTIONS.filter((e) => !findings.some((f) => f.violations.some((v) => matches(e, v))));
    expect(stale).toEqual([]);
  });

  it('justifies every exception in at least one full sentence', () => {
    for (const e of POLICY_EXCEPTIONS) expect(e.justification).toMatch(/^[A-Z].{40,}\.$/s);
  });

  it('pins every image of config/images.ts to an exact version that the lock file lists', () => {
    expect(checkImageCatalog(Object.values(IMAGES), IMAGE_LOCK)).toEqual([]);
  });
});

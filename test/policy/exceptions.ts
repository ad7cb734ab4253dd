/**
 * The ONE list of allowed policy findings, each with the reason it cannot be fixed. An exception must match a real
 * finding in at least one environment (policy.test.ts fails on stale entries), so this list never outgrows reality.
 * Match on rule + kind + namespace + name (+ container when given). Keep entries narrow: one object, one rule.
 */
export interface PolicyException {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Container (or path) the finding is about; omit to match every container of the object. */
  readonly container?: string;
  /** Why this cannot comply, and what limits the risk. At least one full sentence. */
  readonly justification: string;
}

export const POLICY_EXCEPTIONS: readonly PolicyException[] = [];

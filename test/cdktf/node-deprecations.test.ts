/**
 * `npm run synth` stays quiet on Node 22+: the `util.is*` type checks are deprecated at runtime there (DEP0044 to
 * DEP0058; some are removed in Node 23), and a library call to one prints a DeprecationWarning on the stderr of every
 * synth. Node 20 (CI) prints nothing for them, so the calls are caught where they happen: the deprecated functions are
 * spied on while every shipped environment's stacks are synthesized in this process.
 */
import util from 'node:util';
import { App } from 'cdktf';
import { describe, expect, it, vi } from 'vitest';
import { addStacks } from '../../cdktf/stacks/index.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { tempDir } from '../support/repo.js';

/** The `util` type checks Node deprecates (whichever the running Node still has). */
const DEPRECATED = ['isArray', 'isBoolean', 'isBuffer', 'isDate', 'isError', 'isFunction', 'isNull', 'isNullOrUndefined', 'isNumber', 'isObject', 'isPrimitive', 'isRegExp', 'isString', 'isSymbol', 'isUndefined'] as const;

describe('cdktf synthesis on Node 22+', () => {
  it('reaches no util type check that Node 22+ reports as deprecated, in any stack of any environment', async () => {
    const present = DEPRECATED.filter((name) => typeof Reflect.get(util, name) === 'function');
    expect(present.length, 'util.isArray exists up to Node 24 at least').toBeGreaterThan(0);
    const calls: string[] = [];
    const spies = present.map((name) => {
      const original = Reflect.get(util, name) as (value: unknown) => boolean;
      return vi.spyOn(util as unknown as Record<string, (value: unknown) => boolean>, name).mockImplementation((value: unknown) => {
        calls.push(`util.${name}`);
        return original(value);
      });
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'DeprecationWarning') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      for (const env of ENVIRONMENTS) {
        const app = new App({ outdir: tempDir(`cdktf-deprecations-${env.name}-`), stackTraces: false });
        addStacks(app, env);
        app.synth();
      }
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      for (const spy of spies) spy.mockRestore();
    }
    expect(ENVIRONMENTS.length).toBeGreaterThan(0);
    expect([...new Set(calls)]).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

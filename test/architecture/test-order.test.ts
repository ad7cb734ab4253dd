/** The heavy-first order of test/support/sequencer.ts names real test files (a renamed file would silently lose it). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAVY_FIRST } from '../support/sequencer.js';
import { REPO_ROOT } from '../support/repo.js';

describe('the heavy-first test order', () => {
  it('lists only existing test files, each once', () => {
    expect(HEAVY_FIRST.length).toBeGreaterThan(0);
    expect(HEAVY_FIRST.filter((f) => !f.endsWith('.test.ts') || !existsSync(join(REPO_ROOT, f)))).toEqual([]);
    expect(new Set(HEAVY_FIRST).size).toBe(HEAVY_FIRST.length);
  });
});

/** The one synthesis of every environment made by test/support/global-setup.ts for the whole run (read-only). */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { scratchRoot } from './repo.js';

/** Root of the shared synthesis: `<root>/charts-out/<env>/…`, `<root>/cdktf.out/stacks/<env>-<stack>/cdk.tf.json`. */
export function synthRoot(): string {
  return inject('synthRoot');
}

/** A scratch root (removed after the test) with the shipped environments in `config/` and a copy of the shared outputs. */
export function synthesizedScratchRoot(): { root: string; configDir: string } {
  const scratch = scratchRoot();
  for (const dir of ['charts-out', 'cdktf.out']) cpSync(join(synthRoot(), dir), join(scratch.root, dir), { recursive: true });
  return scratch;
}

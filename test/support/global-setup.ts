/**
 * vitest globalSetup: synthesizes every environment of config/environments/ once, the way `npm run synth` does, into
 * a temporary root (never into the checkout), and provides its path to every suite as `synthRoot`
 * (read it with test/support/synthesized.ts). Suites that only read synthesized output share this one synthesis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesize } from '../../scripts/lib/synthesize.js';
// Not ./repo.js: that registers vitest hooks, which only exist inside a test file.
const ENVIRONMENTS_DIR = join(import.meta.dirname, '..', '..', 'config', 'environments');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A root holding `charts-out/` and `cdktf.out/` synthesized from config/environments/ at the start of the run. */
    synthRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  synthesize({ root, configDir: ENVIRONMENTS_DIR });
  project.provide('synthRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}

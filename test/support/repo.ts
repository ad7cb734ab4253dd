/** Paths and scratch copies of the repository for tests. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const CHARTS_OUT = join(REPO_ROOT, 'charts-out');
export const ENVIRONMENTS_DIR = join(REPO_ROOT, 'config', 'environments');

const scratch: string[] = [];

/**
 * Removes every folder made by `tempDir` so far. test/support/setup.ts runs it after each test of every file; it is
 * not registered here because, with the module cache shared across test files (vitest.config.ts), this module's top
 * level runs once per worker, not once per file.
 */
export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary folder removed after the current test. */
export function tempDir(prefix = 'platform-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A scratch root with a copy of the shipped environments (in `config/`) and, optionally, of `charts-out/`. */
export function scratchRoot(options: { withChartsOut?: boolean } = {}): { root: string; configDir: string } {
  const root = tempDir();
  const configDir = join(root, 'config');
  cpSync(ENVIRONMENTS_DIR, configDir, { recursive: true });
  if (options.withChartsOut) cpSync(CHARTS_OUT, join(root, 'charts-out'), { recursive: true });
  return { root, configDir };
}

/** Every file under `dir` with its bytes, keyed by relative path: compare two trees with toEqual. */
export function treeContents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

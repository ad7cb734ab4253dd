/**
 * Runs a TypeScript entry point of the repository as its own process the fast way: `node scripts/build/run.mjs
 * <entry> [args]` (the content-hashed esbuild bundle cache that `npm run synth` uses) instead of `tsx`, which
 * transpiles every module again in every process (1–2 s each on a 2-core machine). The process is still the real
 * entry point with its real argv, exit code, stdout and stderr; a changed source rebuilds the bundle, so a test
 * never runs stale code.
 */
import { join } from 'node:path';
import { REPO_ROOT } from './repo.js';

const RUN = join(REPO_ROOT, 'scripts', 'build', 'run.mjs');

/** `[command, args]` for spawnSync/execFile: `entry` is relative to the repository root or absolute. */
export function tsEntry(entry: string, args: readonly string[] = []): [string, string[]] {
  return [process.execPath, [RUN, entry.startsWith('/') ? entry : join(REPO_ROOT, entry), ...args]];
}

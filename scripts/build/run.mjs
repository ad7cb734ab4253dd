// @ts-check
/**
 * `node scripts/build/run.mjs <entry.ts> [args...]`: runs a TypeScript entry point from the build cache (see
 * cache.mjs), bundling it first when any of its sources changed. `npm run synth` and `npm run bench` use it.
 */
import { runCached } from './cache.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/build/run.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
try {
  await runCached(entry, args);
} catch (error) {
  if (error instanceof Error && error.message.startsWith('build: ')) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
}

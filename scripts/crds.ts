/** `npm run crds [-- --mirror DIR]`: syncs the pinned CRDs into .crds/ (mirror, default ../shared/crds, else upstream). */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CrdSyncError, syncCrds } from './lib/crds.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let mirror: string | undefined;
try {
  mirror = parseArgs({ options: { mirror: { type: 'string' } } }).values.mirror ?? process.env.CRDS_MIRROR;
} catch (error) {
  fail(`crds: ${error instanceof Error ? error.message : String(error)}; usage: npm run crds [-- --mirror <dir>]`);
}
// A mirror that was asked for must exist; only the default one may be absent (then the CRDs come from upstream).
if (mirror !== undefined && !existsSync(mirror)) {
  fail(`crds: the mirror ${mirror} does not exist; point --mirror (or CRDS_MIRROR) at a folder laid out like ../shared/crds`);
}
try {
  const source = await syncCrds(mirror);
  process.stdout.write(`crds: pinned CRDs in .crds/ (from ${source})\n`);
} catch (error) {
  if (error instanceof CrdSyncError) fail(error.message);
  throw error;
}

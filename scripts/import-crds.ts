/** `npm run import`: regenerates imports/ (typed CRD bindings) from the pinned CRDs. Never edit imports/ by hand. */
import { join } from 'node:path';
import { REPO_ROOT, syncCrds } from './lib/crds.js';
import { generateImports } from './lib/imports.js';

await syncCrds();
const modules = generateImports(join(REPO_ROOT, 'imports'));
process.stdout.write(`import: ${modules.length} modules in imports/\n`);

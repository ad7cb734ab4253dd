/** `npm run crds [-- --mirror DIR]`: syncs the pinned CRDs into .crds/ (mirror, default ../shared/crds, else upstream). */
import { parseArgs } from 'node:util';
import { syncCrds } from './lib/crds.js';

const { values } = parseArgs({ options: { mirror: { type: 'string' } } });
const source = await syncCrds(values.mirror);
process.stdout.write(`crds: pinned CRDs in .crds/ (from ${source})\n`);

/**
 * `npx tsx scripts/images.ts [charts-out dir]`: every container image referenced in charts-out/, one per line,
 * sorted and distinct. The vulnerability-scan job feeds this list to Trivy.
 */
import { resolve } from 'node:path';
import { collectImages } from './lib/charts-out.js';
import { readManifests } from './lib/validate-manifests.js';

const dir = resolve(process.argv[2] ?? 'charts-out');
const images = collectImages(readManifests(dir, dir));
process.stdout.write(images.map((i) => `${i}\n`).join(''));
process.stderr.write(`images: ${images.length} distinct image(s) in ${dir}\n`);

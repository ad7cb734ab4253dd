/** `npm run validate`: validates every object in charts-out/ against Kubernetes and the pinned CRD schemas. */
import { join } from 'node:path';
import { REPO_ROOT } from './lib/crds.js';
import { ManifestValidator, readManifests } from './lib/validate-manifests.js';

const manifests = readManifests(join(REPO_ROOT, 'charts-out'), REPO_ROOT);
const problems = await ManifestValidator.create().validate(manifests);
for (const p of problems) process.stderr.write(`${p.file}: ${p.object}: ${p.message}\n`);
process.stdout.write(`validate: ${manifests.length} objects, ${problems.length} problems\n`);
process.exitCode = problems.length > 0 ? 1 : 0;

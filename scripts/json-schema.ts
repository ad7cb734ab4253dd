/** `npm run schema`: regenerates config/environment.schema.json (editor completion for environment files). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/crds.js';
import { environmentJsonSchema } from './lib/json-schema.js';

writeFileSync(join(REPO_ROOT, 'config', 'environment.schema.json'), environmentJsonSchema());
process.stdout.write('schema: wrote config/environment.schema.json\n');

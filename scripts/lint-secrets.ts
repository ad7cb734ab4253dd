/** `npm run lint:secrets`: secretlint over the whole repository, charts-out/ included; exit 1 on any finding. */
import { join } from 'node:path';
import { scanForSecrets } from './lib/secret-scan.js';

const root = join(import.meta.dirname, '..');
const result = scanForSecrets(root, join(root, '.secretlintrc.json'));
process.stdout.write(result.ok ? `secretlint: ${result.files} files, no credentials found\n` : result.output);
process.exitCode = result.ok ? 0 : 1;

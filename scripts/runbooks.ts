/** `npm run runbooks`: regenerates docs/runbooks/*.md and docs/alerting-routing.md from the alert library and config. */
import { REPO_ROOT } from './lib/crds.js';
import { writeRunbooks } from './lib/derived-files.js';

process.stdout.write(`runbooks: wrote ${writeRunbooks(REPO_ROOT)} files\n`);

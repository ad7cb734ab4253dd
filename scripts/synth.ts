/**
 * `npm run synth [-- --env <name>]`: every environment → charts-out/<env>/ and cdktf.out/stacks/<env>-<stack>/; then,
 * for the repository's own config folder, the files derived from all environments (per-environment CI jobs, runbooks).
 */
import { join } from 'node:path';
import { runSynthCli } from './lib/cli.js';
import { writePipelineJobs, writeRunbooks } from './lib/derived-files.js';
import { synthesizedEnvironments } from './lib/synthesize.js';

const root = join(import.meta.dirname, '..');
const argv = process.argv.slice(2);
process.exitCode = runSynthCli(argv, root);
if (process.exitCode === 0 && !argv.some((a) => a === '--config' || a.startsWith('--config='))) {
  const envs = writePipelineJobs(root);
  if (envs) process.stdout.write(`synth: .gitlab-ci.yml jobs for ${envs.join(', ')}\n`);
  // The environments the synthesis just loaded and validated, not a second reading of the same files.
  writeRunbooks(root, synthesizedEnvironments(join(root, 'config', 'environments')));
}

/** `npm run synth [-- --env <name>]`: every environment → charts-out/<env>/ and cdktf.out/stacks/<env>-<stack>/. */
import { join } from 'node:path';
import { runSynthCli } from './lib/cli.js';

process.exitCode = runSynthCli(process.argv.slice(2), join(import.meta.dirname, '..'));

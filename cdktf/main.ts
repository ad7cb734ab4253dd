/** cdktf entry point: every environment → cdktf.out/stacks/<env>-<stack>/cdk.tf.json. */
import { join } from 'node:path';
import { runSynthCli } from '../scripts/lib/cli.js';

process.exitCode = runSynthCli(process.argv.slice(2), join(import.meta.dirname, '..'), ['cdktf']);

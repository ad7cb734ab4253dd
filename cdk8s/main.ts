/** cdk8s entry point: every environment → charts-out/<env>/*.k8s.yaml (see scripts/synth.ts for both layers). */
import { join } from 'node:path';
import { runSynthCli } from '../scripts/lib/cli.js';

process.exitCode = runSynthCli(process.argv.slice(2), join(import.meta.dirname, '..'), ['cdk8s']);

/**
 * The `synth` command line: `[--env <name>]... [--config <dir>]`. Exit 1 with file + field messages on invalid
 * config (writing nothing), 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/load.js';
import { formatSummary, synthesize, type SynthTarget } from './synthesize.js';

export function runSynthCli(argv: readonly string[], root: string, targets?: readonly SynthTarget[]): number {
  let only: string[];
  let configDir: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { env: { type: 'string', multiple: true, short: 'e' }, config: { type: 'string' } },
      strict: true,
    });
    only = (values.env ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    configDir = values.config;
  } catch (error) {
    process.stderr.write(`synth: ${(error as Error).message}\nusage: npm run synth [-- --env <name>]... [--config <dir>]\n`);
    return 2;
  }
  const started = performance.now();
  try {
    const summaries = synthesize({ root, only, targets, configDir });
    process.stdout.write(`${formatSummary(summaries)}\nsynthesized ${summaries.length} environment(s) in ${Math.round(performance.now() - started)} ms\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`synth: invalid configuration; nothing was written\n${error.message}\n`);
      return 1;
    }
    process.stderr.write(`synth: failed; nothing was written\n${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * The `synth` command line: `[--env <name>]... [--config <dir>] [--target cdk8s|cdktf]`. Exit 1 with file + field
 * messages on invalid config (writing nothing), 2 on bad arguments. `--target` runs one synthesizer only
 * (`npm run synth:k8s`, `npm run synth:tf`, and the `app` entries of cdk8s.yaml and cdktf.json use it).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../config/load.js';
import { formatSummary, synthesize, type SynthTarget } from './synthesize.js';

const TARGETS: readonly SynthTarget[] = ['cdk8s', 'cdktf'];

function isTarget(value: string): value is SynthTarget {
  return (TARGETS as readonly string[]).includes(value);
}

export function runSynthCli(argv: readonly string[], root: string, targets?: readonly SynthTarget[]): number {
  let only: string[];
  let configDir: string | undefined;
  let selected = targets;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { env: { type: 'string', multiple: true, short: 'e' }, config: { type: 'string' }, target: { type: 'string', multiple: true } },
      strict: true,
    });
    only = (values.env ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    configDir = values.config;
    const named = (values.target ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    for (const t of named) {
      if (!isTarget(t)) throw new Error(`unknown --target "${t}"; use one of ${TARGETS.join(', ')}`);
    }
    if (named.length > 0) selected = named.filter(isTarget);
  } catch (error) {
    process.stderr.write(`synth: ${(error as Error).message}\nusage: npm run synth [-- --env <name>]... [--config <dir>] [--target cdk8s|cdktf]\n`);
    return 2;
  }
  const started = performance.now();
  try {
    const summaries = synthesize({ root, only, targets: selected, configDir });
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

/**
 * One benchmark run in its own process: synthesizes the given config folder into `--root`, then prints
 * `{"millis":…,"maxRssKiB":…,"phases":{…}}` as its last line (phases: ms per step of the synthesis, summed over
 * environments). Module loading is excluded from the time (it is the same for every catalog size); synthesis —
 * config validation, both synthesizers, writing files — is included.
 */
import { parseArgs } from 'node:util';
import { synthesize, type SynthPhase } from './synthesize.js';

const { values } = parseArgs({ options: { root: { type: 'string' }, config: { type: 'string' } } });
if (!values.root || !values.config) throw new Error('usage: bench-worker --root <dir> --config <dir>');
const phases: Partial<Record<SynthPhase, number>> = {};
const started = performance.now();
synthesize({ root: values.root, configDir: values.config, onPhase: (phase, ms) => (phases[phase] = (phases[phase] ?? 0) + ms) });
const millis = performance.now() - started;
process.stdout.write(`${JSON.stringify({ millis, maxRssKiB: process.resourceUsage().maxRSS, phases })}\n`);

/**
 * Promotes a catalog service's image in one environment: sets `services[<service>].image.digest` (and `image.tag`)
 * in config/environments/<env>.yaml, changing no other byte of the file, and prints the unified diff.
 *
 *   npm run promote -- --env dev --service sample-api --digest sha256:<64 hex> [--tag 0.1.2]
 *   npm run promote -- ... --dry-run                   print the diff, write nothing
 *   npm run promote -- ... --mr-body promotion.md      also write the merge request's Markdown body (first line: title)
 *   npm run promote -- --env dev --service sample-api --show   print the entry's namespace/repository as dotenv lines
 *   --config <dir>                                     environments folder (default config/environments)
 *
 * Needs no credential and no network: the service pipeline runs it to prepare the promotion merge request, and anyone
 * can run it locally to see the same diff. Exit 1 on bad input (message names the file and field), 2 on bad usage.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeRequestText, promote, PromoteError, serviceFacts, unifiedDiff } from './lib/promote.js';

const ROOT = join(import.meta.dirname, '..');
const USAGE = 'usage: npm run promote -- --env <env> --service <name> (--digest sha256:<64 hex> [--tag <tag>] [--dry-run] [--mr-body <file>] | --show) [--config <dir>]';

function main(argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        service: { type: 'string' },
        digest: { type: 'string' },
        tag: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'mr-body': { type: 'string' },
        source: { type: 'string' },
        show: { type: 'boolean' },
        config: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`promote: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { env, service, digest } = values;
  if (!env || !service || (!digest && !values.show)) {
    process.stderr.write(`promote: --env, --service and --digest (or --show) are required\n${USAGE}\n`);
    return 2;
  }
  const dir = values.config ?? join(ROOT, 'config', 'environments');
  const path = join(dir, `${env}.yaml`);
  const file = relative(process.cwd(), path) || path;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env) || !existsSync(path)) {
    const known = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort() : [];
    throw new PromoteError(`--env: unknown environment "${env}" (no ${file}); known: ${known.join(', ') || '(none)'}`);
  }
  const text = readFileSync(path, 'utf8');
  if (values.show) {
    const facts = serviceFacts(text, file, service);
    process.stdout.write(Object.entries(facts).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  const request = { service, digest: digest ?? '', ...(values.tag === undefined ? {} : { tag: values.tag }) };
  const result = promote(text, file, request);
  const shown = `config/environments/${env}.yaml`;
  const diff = unifiedDiff(shown, text, result.text);
  if (values['mr-body']) {
    const mr = mergeRequestText(env, shown, request, result.changes, diff, values.source);
    writeFileSync(values['mr-body'], `${mr.title}\n\n${mr.body}`);
  }
  if (!values['dry-run'] && result.changes.length) writeFileSync(path, result.text);
  process.stdout.write(diff || `promote: ${shown} already has ${service} at ${digest}; nothing to change\n`);
  process.stderr.write(
    `promote: ${result.changes.length} value(s) ${values['dry-run'] ? 'would change' : 'changed'} in ${shown}: ${result.changes.map((c) => c.path).join(', ') || 'none'}\n`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof PromoteError) {
    process.stderr.write(`promote: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`promote: failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

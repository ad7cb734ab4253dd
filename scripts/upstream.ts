/**
 * `npm run upstream [-- --mirror DIR]`: copies the pinned upstream reference data (kubernetes-mixin's promtool tests,
 * kube-prometheus's rules, their licenses) into .upstream/ (mirror, default ../shared/upstream, else GitHub).
 */
import { parseArgs } from 'node:util';
import { syncUpstream, UPSTREAM_DIR } from './lib/upstream.js';

const { values } = parseArgs({ options: { mirror: { type: 'string' } } });
try {
  const source = await syncUpstream(values.mirror);
  process.stdout.write(`upstream: pinned reference tests and rules in ${UPSTREAM_DIR} (from ${source})\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

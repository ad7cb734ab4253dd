/**
 * `npm run bench:rules [-- --cycles 24 --warmup 20 --json out.json]`: rule-evaluation cost of our production rules against
 * kube-prometheus's full rule set (copied into .upstream/ by `npm run upstream`). A small exporter on 127.0.0.1 serves
 * a synthetic cluster (scripts/lib/synthetic-cluster.ts: 6 nodes, 316 pods, every exporter our rules read); one real
 * Prometheus (.tools/bin/prometheus) per rule set scrapes it, both running at the same time with the same scrape and
 * evaluation interval (5 s), so load on the machine hits both alike. After the warm-up, every group's evaluations are
 * read from `/api/v1/rules` until each has been evaluated `--cycles` times (scripts/lib/rule-bench.ts). Prints, for
 * both: median and mean evaluation time per cycle, samples returned and scraped, recording rules without output,
 * rules in error, firing alerts, and the costliest groups with their costliest rules. Exits 1 when a set has rules in
 * error. Only loopback; every process is stopped at the end.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { benchRuleSets, formatReport, HOST } from './lib/rule-bench.js';
import { type ClusterShape, serveSyntheticCluster, syntheticCluster, TARGETS } from './lib/synthetic-cluster.js';
import { KUBE_PROMETHEUS, REPO_ROOT, syncUpstream, upstreamPath } from './lib/upstream.js';

/** 6 nodes; 10 namespaces of 3 Deployments x 10 pods (300 pods), plus a StatefulSet pod per namespace and a DaemonSet pod per node. */
const SHAPE: ClusterShape = { nodes: 6, namespaces: 10, deploymentsPerNamespace: 3, podsPerDeployment: 10 };

interface RuleDoc {
  kind?: string;
  spec?: { groups?: unknown[] };
}

function ruleGroups(files: readonly string[]): unknown[] {
  return files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).flatMap((d) => ((d.toJS() as RuleDoc | null)?.kind === 'PrometheusRule' ? ((d.toJS() as RuleDoc).spec?.groups ?? []) : [])));
}

const { values } = parseArgs({
  options: { cycles: { type: 'string', default: '24' }, warmup: { type: 'string', default: '20' }, json: { type: 'string' } },
});
const cycles = Number(values.cycles);
const warmupSeconds = Number(values.warmup);
if (!Number.isInteger(cycles) || cycles < 5) throw new Error(`bench:rules: --cycles must be an integer of at least 5 (got "${values.cycles}")`);
if (!Number.isFinite(warmupSeconds) || warmupSeconds < 10) throw new Error(`bench:rules: --warmup must be at least 10 seconds (got "${values.warmup}")`);
await syncUpstream();
const cluster = syntheticCluster(SHAPE);
const exporter = await serveSyntheticCluster(TARGETS, cluster, HOST);
const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
try {
  const chartsOut = join(REPO_ROOT, 'charts-out', 'prod');
  const ours = ruleGroups(readdirSync(chartsOut).filter((f) => f.endsWith('.k8s.yaml')).map((f) => join(chartsOut, f)));
  const manifests = upstreamPath(KUBE_PROMETHEUS, 'manifests');
  const theirs = ruleGroups(readdirSync(manifests).filter((f) => f.endsWith('prometheusRule.yaml')).map((f) => join(manifests, f)));
  const options = {
    prometheus: join(REPO_ROOT, '.tools', 'bin', 'prometheus'),
    exporterPort: exporter.port,
    // one scrape job per synthetic target, with the job (and metrics_path) our scrape objects give it
    jobs: Object.entries(TARGETS).map(([name, t]) => ({ job: t.jobLabels.job, path: exporter.path(name), metricsPath: 'metrics_path' in t.jobLabels ? t.jobLabels.metrics_path : undefined })),
    intervalSeconds: 5,
    // production's evaluation interval (config/sections/metrics.ts `evaluationInterval`), kube-prometheus' default too
    cycleSeconds: 30,
    warmupSeconds,
    cycles,
    dir,
  };
  process.stdout.write(`synthetic cluster: ${cluster.nodes.length} nodes, ${cluster.pods.length} pods; measuring (about ${warmupSeconds + cycles * 5 + 10} s)\n`);
  const results = await benchRuleSets(
    [
      { name: 'ours', groups: ours },
      { name: 'kube-prometheus', groups: theirs },
    ],
    options,
  );
  process.stdout.write(formatReport(results, options));
  // every group and rule, for a closer look
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  const broken = results.filter((r) => r.errors.length > 0);
  if (broken.length > 0) {
    process.stderr.write(`bench:rules: ${broken.map((r) => r.name).join(', ')} had rules in error; the figures are not comparable until they evaluate\n`);
    process.exitCode = 1;
  }
} finally {
  await exporter.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `npm run bench:rules [-- --seconds 40]`: rule-evaluation cost of our production rules against kube-prometheus's
 * full rule set (copied into .upstream/ by `npm run upstream`). A small exporter on 127.0.0.1 serves a synthetic
 * cluster (scripts/lib/synthetic-cluster.ts: 6 nodes, 316 pods, every exporter our rules read); a real Prometheus
 * (.tools/bin/prometheus) scrapes it, loads one rule set, evaluates every 5 s, and after the given time we read
 * `prometheus_rule_group_last_duration_seconds` from its /metrics. Prints seconds per evaluation cycle (sum over
 * groups) for both. Only loopback; every process is stopped at the end.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { type ClusterShape, serveSyntheticCluster, type SyntheticServer, syntheticCluster, TARGETS } from './lib/synthetic-cluster.js';
import { KUBE_PROMETHEUS, REPO_ROOT, syncUpstream, upstreamPath } from './lib/upstream.js';

const HOST = '127.0.0.1';
/** 6 nodes; 10 namespaces of 3 Deployments x 10 pods (300 pods), plus a StatefulSet pod per namespace and a DaemonSet pod per node. */
const SHAPE: ClusterShape = { nodes: 6, namespaces: 10, deploymentsPerNamespace: 3, podsPerDeployment: 10 };

interface RuleDoc {
  kind?: string;
  spec?: { groups?: unknown[] };
}

function ruleGroups(files: readonly string[]): unknown[] {
  return files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).flatMap((d) => ((d.toJS() as RuleDoc | null)?.kind === 'PrometheusRule' ? ((d.toJS() as RuleDoc).spec?.groups ?? []) : [])));
}

interface Measured {
  readonly total: number;
  /** The three most expensive groups. */
  readonly top: string;
}

async function measure(name: string, groups: unknown[], exporter: SyntheticServer, seconds: number, dir: string): Promise<Measured> {
  const port = 19090 + Math.floor(Math.random() * 500);
  const rules = join(dir, `${name}.rules.yaml`);
  writeFileSync(rules, stringify({ groups }, { lineWidth: 0 }));
  // One scrape job per synthetic target, labelled with the job (and metrics_path) our scrape objects give it.
  const scrapeConfigs = Object.entries(TARGETS).map(([target, { jobLabels }]) => ({
    honor_labels: true,
    job_name: target,
    metrics_path: exporter.path(target),
    scrape_interval: '5s',
    static_configs: [{ targets: [`${HOST}:${exporter.port}`], labels: { ...jobLabels } }],
  }));
  const config = join(dir, `${name}.prometheus.yaml`);
  writeFileSync(
    config,
    stringify({
      global: { evaluation_interval: '5s', scrape_interval: '5s' },
      rule_files: [rules],
      scrape_configs: scrapeConfigs,
    }),
  );
  const prom = spawn(join(REPO_ROOT, '.tools', 'bin', 'prometheus'), [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, `${name}-data`)}`, `--web.listen-address=${HOST}:${port}`], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const text = await (await fetch(`http://${HOST}:${port}/metrics`)).text();
    const byGroup = text
      .split('\n')
      .filter((l) => l.startsWith('prometheus_rule_group_last_duration_seconds{'))
      .map((l) => ({ group: /rule_group="[^"]*;([^"]+)"/.exec(l)?.[1] ?? '?', seconds: Number(l.slice(l.lastIndexOf(' ') + 1)) }))
      .sort((a, b) => b.seconds - a.seconds);
    return {
      total: byGroup.reduce((sum, g) => sum + g.seconds, 0),
      top: byGroup.slice(0, 3).map((g) => `${g.group} ${g.seconds.toFixed(4)}`).join(', '),
    };
  } finally {
    prom.kill('SIGTERM');
  }
}

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '40' } } });
const seconds = Number(values.seconds);
await syncUpstream();
const cluster = syntheticCluster(SHAPE);
const exporter = await serveSyntheticCluster(TARGETS, cluster, HOST);
const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
mkdirSync(dir, { recursive: true });
try {
  const chartsOut = join(REPO_ROOT, 'charts-out', 'prod');
  const ours = ruleGroups(readdirSync(chartsOut).filter((f) => f.endsWith('.k8s.yaml')).map((f) => join(chartsOut, f)));
  const manifests = upstreamPath(KUBE_PROMETHEUS, 'manifests');
  const theirs = ruleGroups(readdirSync(manifests).filter((f) => f.endsWith('prometheusRule.yaml')).map((f) => join(manifests, f)));
  const oursSeconds = await measure('ours', ours, exporter, seconds, dir);
  const theirsSeconds = await measure('kube-prometheus', theirs, exporter, seconds, dir);
  process.stdout.write(
    `rule evaluation per cycle (sum of prometheus_rule_group_last_duration_seconds, ${cluster.nodes.length} nodes, ${cluster.pods.length} pods):\n` +
      `  ours (charts-out/prod, ${ours.length} groups): ${oursSeconds.total.toFixed(4)} s (top: ${oursSeconds.top})\n` +
      `  kube-prometheus (${theirs.length} groups): ${theirsSeconds.total.toFixed(4)} s (top: ${theirsSeconds.top})\n` +
      `  ratio ours/theirs: ${(oursSeconds.total / theirsSeconds.total).toFixed(2)}\n`,
  );
} finally {
  await exporter.close();
  rmSync(dir, { recursive: true, force: true });
}

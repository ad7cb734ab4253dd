/**
 * `npm run bench:rules [-- --cycles 24 --warmup 20 --json out.json]`: rule-evaluation cost of our production rules against
 * kube-prometheus's full rule set (copied into .upstream/ by `npm run upstream`). A small exporter on 127.0.0.1 serves
 * a synthetic cluster (6 nodes, 300 pods: kube-state-metrics, node-exporter, kubelet and cAdvisor series); one real
 * Prometheus (.tools/bin/prometheus) per rule set scrapes it, both running at the same time with the same scrape and
 * evaluation interval (5 s), so load on the machine hits both alike. After the warm-up, every group's evaluations are
 * read from `/api/v1/rules` until each has been evaluated `--cycles` times (scripts/lib/rule-bench.ts). Prints, for
 * both: median and mean evaluation time per cycle, samples returned and scraped, recording rules without output,
 * rules in error, firing alerts, and the costliest groups with their costliest rules. Exits 1 when a set has rules in
 * error. Only loopback; every process is stopped at the end.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { benchRuleSets, formatReport, HOST } from './lib/rule-bench.js';
import { KUBE_PROMETHEUS, REPO_ROOT, syncUpstream, upstreamPath } from './lib/upstream.js';

const NODES = 6;
const PODS = 300;

/** The synthetic cluster, one text exposition per scrape path. */
function exposition(path: string): string {
  const lines: string[] = [];
  const add = (name: string, labels: Record<string, string>, value: number) =>
    lines.push(`${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}} ${value}`);
  const t = Date.now() / 1000;
  const node = (i: number) => `ip-10-0-1-${i}`;
  const pods = Array.from({ length: PODS }, (_, i) => ({ namespace: `ns-${i % 10}`, pod: `app-${i}`, node: node(i % NODES), deploy: `app-${i % 30}` }));
  if (path === '/ksm') {
    for (let n = 0; n < NODES; n++) {
      add('kube_node_info', { node: node(n) }, 1);
      add('kube_node_status_condition', { node: node(n), condition: 'Ready', status: 'true' }, 1);
      add('kube_node_spec_unschedulable', { node: node(n) }, 0);
      for (const r of ['cpu', 'memory', 'pods']) add('kube_node_status_allocatable', { node: node(n), resource: r }, r === 'memory' ? 16e9 : r === 'cpu' ? 4 : 58);
      add('kube_node_status_capacity', { node: node(n), resource: 'pods' }, 58);
    }
    for (const p of pods) {
      add('kube_pod_info', { namespace: p.namespace, pod: p.pod, node: p.node }, 1);
      add('kube_pod_owner', { namespace: p.namespace, pod: p.pod, owner_kind: 'ReplicaSet', owner_name: `${p.deploy}-abc` }, 1);
      for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']) add('kube_pod_status_phase', { namespace: p.namespace, pod: p.pod, phase }, phase === 'Running' ? 1 : 0);
      add('kube_pod_status_ready', { namespace: p.namespace, pod: p.pod, condition: 'true' }, 1);
      add('kube_pod_container_status_restarts_total', { namespace: p.namespace, pod: p.pod, container: 'app' }, 0);
      for (const r of ['cpu', 'memory']) {
        add('kube_pod_container_resource_requests', { namespace: p.namespace, pod: p.pod, container: 'app', node: p.node, resource: r }, r === 'cpu' ? 0.1 : 1e8);
        add('kube_pod_container_resource_limits', { namespace: p.namespace, pod: p.pod, container: 'app', node: p.node, resource: r }, r === 'cpu' ? 0.5 : 2e8);
      }
    }
    for (let d = 0; d < 30; d++) {
      const l = { namespace: `ns-${d % 10}`, deployment: `app-${d}` };
      for (const m of ['spec_replicas', 'status_replicas_available', 'status_replicas_updated', 'status_observed_generation', 'metadata_generation']) add(`kube_deployment_${m}`, l, 10);
      add('kube_replicaset_owner', { namespace: l.namespace, replicaset: `app-${d}-abc`, owner_kind: 'Deployment', owner_name: `app-${d}` }, 1);
    }
  } else if (path === '/node') {
    for (let n = 0; n < NODES; n++) {
      const instance = `10.0.1.${n}:9100`;
      for (let cpu = 0; cpu < 4; cpu++) for (const mode of ['idle', 'user', 'system', 'iowait', 'steal']) add('node_cpu_seconds_total', { instance, cpu: String(cpu), mode }, t * (mode === 'idle' ? 0.7 : 0.05));
      add('node_memory_MemAvailable_bytes', { instance }, 8e9);
      add('node_memory_MemTotal_bytes', { instance }, 16e9);
      add('node_load1', { instance }, 1);
      for (const mountpoint of ['/', '/var/lib/kubelet']) {
        const l = { instance, device: 'nvme0n1p1', fstype: 'xfs', mountpoint };
        add('node_filesystem_avail_bytes', l, 5e10);
        add('node_filesystem_size_bytes', l, 1e11);
        add('node_filesystem_readonly', l, 0);
        add('node_filesystem_files_free', l, 5e6);
        add('node_filesystem_files', l, 1e7);
      }
    }
  } else if (path === '/kubelet') {
    for (let n = 0; n < NODES; n++) {
      const instance = `10.0.1.${n}:10250`;
      add('kubelet_running_pods', { instance }, PODS / NODES);
      add('kubelet_node_name', { instance, node: node(n) }, 1);
    }
    for (const p of pods.slice(0, 30)) {
      const l = { namespace: p.namespace, persistentvolumeclaim: `data-${p.pod}` };
      add('kubelet_volume_stats_available_bytes', l, 5e9);
      add('kubelet_volume_stats_capacity_bytes', l, 1e10);
      add('kubelet_volume_stats_used_bytes', l, 5e9);
    }
  } else if (path === '/cadvisor') {
    for (const p of pods) {
      const l = { namespace: p.namespace, pod: p.pod, container: 'app', image: 'app:1', node: p.node };
      add('container_cpu_usage_seconds_total', l, t * 0.05);
      add('container_memory_working_set_bytes', l, 1e8);
      add('container_cpu_cfs_periods_total', l, t);
      add('container_cpu_cfs_throttled_periods_total', l, t * 0.01);
    }
  }
  return `${lines.join('\n')}\n`;
}

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
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(exposition(req.url ?? '/'));
});
await new Promise<void>((r) => server.listen(0, HOST, () => r()));
const address = server.address();
const exporterPort = typeof address === 'object' && address ? address.port : 0;
const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
try {
  const chartsOut = join(REPO_ROOT, 'charts-out', 'prod');
  const ours = ruleGroups(readdirSync(chartsOut).filter((f) => f.endsWith('.k8s.yaml')).map((f) => join(chartsOut, f)));
  const manifests = upstreamPath(KUBE_PROMETHEUS, 'manifests');
  const theirs = ruleGroups(readdirSync(manifests).filter((f) => f.endsWith('prometheusRule.yaml')).map((f) => join(manifests, f)));
  const options = {
    prometheus: join(REPO_ROOT, '.tools', 'bin', 'prometheus'),
    exporterPort,
    jobs: [
      { job: 'kube-state-metrics', path: '/ksm' },
      { job: 'node-exporter', path: '/node' },
      { job: 'kubelet', path: '/kubelet', metricsPath: '/metrics' },
      { job: 'kubelet', path: '/cadvisor', metricsPath: '/metrics/cadvisor' },
    ],
    intervalSeconds: 5,
    // production's evaluation interval (config/sections/metrics.ts `evaluationInterval`), kube-prometheus' default too
    cycleSeconds: 30,
    warmupSeconds,
    cycles,
    dir,
  };
  process.stdout.write(`synthetic cluster: ${NODES} nodes, ${PODS} pods; measuring (about ${warmupSeconds + cycles * 5 + 10} s)\n`);
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
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

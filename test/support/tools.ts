/**
 * Runs the real Prometheus/Alertmanager tools fetched by `scripts/setup-tools.sh` into `<repo>/.tools/bin/`.
 * A missing tool is a failure, never a skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CHARTS_OUT, REPO_ROOT } from './repo.js';

export type ToolName = 'promtool' | 'amtool' | 'prometheus' | 'alertmanager';

/** Absolute path of a tool; throws (failing the test) when it is missing. */
export function toolPath(name: ToolName): string {
  const path = join(REPO_ROOT, '.tools', 'bin', name);
  if (!existsSync(path)) {
    throw new Error(`${name} not found at ${path}; run \`bash scripts/setup-tools.sh\` (npm test does it in pretest)`);
  }
  return path;
}

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for assertion messages. */
  readonly output: string;
}

/** Runs a tool to completion (bounded by `timeoutMs`). */
export function runTool(name: ToolName, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): ToolResult {
  const res = spawnSync(toolPath(name), [...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  if (res.error) throw new Error(`${name} ${args.join(' ')} failed to run: ${res.error.message}`);
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, output: `${res.stdout}\n${res.stderr}` };
}

/** A PrometheusRule as synthesized into charts-out. */
export interface ShippedRule {
  readonly env: string;
  readonly name: string;
  readonly namespace: string;
  readonly groups: ShippedRuleGroup[];
}

export interface ShippedRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }[];
}

interface K8sDoc {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { groups?: ShippedRuleGroup[] };
  stringData?: Record<string, string>;
}

/** Every object of one environment's charts-out. */
export function chartsOutObjects(env: string): K8sDoc[] {
  const dir = join(CHARTS_OUT, env);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.k8s.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as K8sDoc))
    .filter((d): d is K8sDoc => d !== null && typeof d === 'object');
}

/** Every PrometheusRule shipped for an environment. */
export function shippedRules(env: string): ShippedRule[] {
  return chartsOutObjects(env)
    .filter((d) => d.kind === 'PrometheusRule')
    .map((d) => ({ env, name: d.metadata?.name ?? '', namespace: d.metadata?.namespace ?? '', groups: d.spec?.groups ?? [] }));
}

/** Writes each PrometheusRule's groups as a Prometheus rule file into `dir`; returns the file paths. */
export function writeRuleFiles(rules: readonly ShippedRule[], dir: string): string[] {
  return rules.map((r) => {
    const path = join(dir, `${r.namespace}-${r.name}.rules.yaml`);
    writeFileSync(path, stringify({ groups: r.groups }, { lineWidth: 0 }));
    return path;
  });
}

/** The `alertmanager.yaml` shipped for an environment (from the config Secret in charts-out). */
export function shippedAlertmanagerConfig(env: string): { yaml: string; files: Record<string, string> } {
  const secret = chartsOutObjects(env).find((d) => d.kind === 'Secret' && d.metadata?.name === 'alertmanager-main-config');
  const data = secret?.stringData;
  if (!data?.['alertmanager.yaml']) throw new Error(`charts-out/${env} has no Secret alertmanager-main-config with alertmanager.yaml`);
  const { 'alertmanager.yaml': yaml, ...files } = data;
  return { yaml, files };
}

/** Runs a tool without blocking; resolves when it exits or is killed after `timeoutMs`. */
export function runToolAsync(name: ToolName, args: readonly string[], options: { timeoutMs?: number } = {}): Promise<ToolResult> {
  const path = toolPath(name);
  return new Promise((resolve, reject) => {
    const child = spawn(path, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${name} ${args.join(' ')} failed to run: ${e.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/** Runs jobs with at most `limit` in flight. */
export async function inBatches<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Command and arguments that start the Alertmanager server. The Debian build reads its built-in templates from
 * /usr/share/prometheus/alertmanager/ (not embedded), which only exists where the package is installed; so the server
 * runs in a private user+mount namespace (`unshare -rm`, no root needed) with the package's own /usr/share overlaid
 * on the system's. Nothing outside the process changes.
 */
export function alertmanagerCommand(args: readonly string[]): { command: string; args: string[] } {
  const binary = realpathSync(toolPath('alertmanager'));
  const share = join(REPO_ROOT, '.tools', 'pkg', 'alertmanager', 'usr', 'share');
  if (!existsSync(join(share, 'prometheus', 'alertmanager', 'default.tmpl'))) {
    throw new Error(`alertmanager templates not found under ${share}; run \`bash scripts/setup-tools.sh\``);
  }
  const script = `mount -t overlay overlay -o lowerdir=${realpathSync(share)}:/usr/share /usr/share && exec "$0" "$@"`;
  return { command: 'unshare', args: ['-rm', 'sh', '-c', script, binary, ...args] };
}

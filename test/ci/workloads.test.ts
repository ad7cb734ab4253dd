/**
 * scripts/workloads.sh against recording stand-ins for kubectl and aws (there is no cluster here): which commands
 * it runs, with which flags, and what it sends.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/repo.js';
import { shellcheck } from '../templates/support.js';

const FAKE_KUBECTL = `#!/usr/bin/env bash
echo "kubectl $* | KUBECTL_APPLYSET=\${KUBECTL_APPLYSET:-} KUBECONFIG=\${KUBECONFIG:-}" >> "$FAKE_LOG"
prev=""
for arg in "$@"; do
  if [ "$prev" = "-f" ]; then cp "$arg" "$FAKE_LOG.$1.yaml"; fi
  prev=$arg
done
case "$1" in
  diff) exit "\${FAKE_DIFF_STATUS:-0}" ;;
  apply) case "$*" in *--dry-run=server*) echo "secret/old pruned (server dry run)" ;; *) echo "namespace/monitoring serverside-applied" ;; esac ;;
esac
`;
const FAKE_AWS = `#!/usr/bin/env bash
echo "aws $*" >> "$FAKE_LOG"
`;

function run(env: string, action: string, extra: Record<string, string> = {}) {
  const dir = tempDir('workloads-');
  const log = join(dir, 'log');
  writeFileSync(join(dir, 'kubectl'), FAKE_KUBECTL);
  writeFileSync(join(dir, 'aws'), FAKE_AWS);
  chmodSync(join(dir, 'kubectl'), 0o755);
  chmodSync(join(dir, 'aws'), 0o755);
  const { KUBECONFIG: _unset, ...base } = process.env;
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'workloads.sh'), env, action], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...base, PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log, ...extra },
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  const sent = (verb: string) => readFileSync(`${log}.${verb}.yaml`, 'utf8');
  return { ...result, calls, sent };
}

describe('scripts/workloads.sh', () => {
  it('applies charts-out/<env>/ server-side with ApplySet pruning, namespaces first', () => {
    const { status, stderr, calls, sent } = run('prod', 'apply');
    expect(status, stderr).toBe(0);
    expect(calls[0]).toMatch(/^aws eks update-kubeconfig --name obs-prod --region eu-west-1 --kubeconfig \S+\/kubeconfig$/);
    expect(calls[1]).toMatch(
      /^kubectl apply --server-side --force-conflicts --field-manager=observability-platform --applyset=secret\/observability-platform-prod --namespace=kube-system --prune -f \S+ \| KUBECTL_APPLYSET=true KUBECONFIG=\S+\/kubeconfig$/,
    );
    expect(calls).toHaveLength(2);
    const objects = parseAllDocuments(sent('apply')).map((d) => d.toJS() as { kind: string; metadata: { labels: Record<string, string> } });
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.every((o) => o.metadata.labels['platform.example.com/environment'] === 'prod')).toBe(true);
    const firstOther = objects.findIndex((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    if (firstOther >= 0) expect(objects.slice(firstOther).some((o) => o.kind === 'Namespace')).toBe(false);
  });

  it('diffs server-side, then previews the prune with a server-side dry run', () => {
    const { status, stdout, calls } = run('dev', 'diff', { KUBECONFIG: '/tmp/given-kubeconfig', FAKE_DIFF_STATUS: '1' });
    expect(status).toBe(0);
    expect(calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['kubectl diff --server-side', 'kubectl apply --server-side']);
    expect(calls[1]).toContain('--dry-run=server --applyset=secret/observability-platform-dev --namespace=kube-system --prune');
    expect(calls[0]).toContain('KUBECONFIG=/tmp/given-kubeconfig');
    expect(stdout).toContain('secret/old pruned (server dry run)');
  });

  it('fails when kubectl diff fails (exit > 1), not when it only finds differences', () => {
    const { status, stderr } = run('staging', 'diff', { KUBECONFIG: '/tmp/k', FAKE_DIFF_STATUS: '2' });
    expect(status).toBe(2);
    expect(stderr).toMatch(/kubectl diff failed \(exit 2\)/);
  });

  it('refuses an unknown action or environment', () => {
    expect(run('dev', 'delete').stderr).toMatch(/unknown action 'delete'/);
    // A name that no file in config/environments/ has, whatever environments the repository ships.
    const absent = 'no-such-env';
    expect(existsSync(join(REPO_ROOT, 'config', 'environments', `${absent}.yaml`))).toBe(false);
    const missing = run(absent, 'apply');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/charts-out\/no-such-env\/ does not exist/);
    const path = run('../dev', 'apply');
    expect(path.status).toBe(2);
    expect(path.stderr).toMatch(/environment name '\.\.\/dev' is not a config\/environments\/ file name/);
    expect(path.calls).toEqual([]);
  });

  it('refuses extra arguments instead of ignoring them', () => {
    const dir = tempDir('workloads-');
    const res = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'workloads.sh'), 'dev', 'apply', '--prune=false'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('workloads: expected 2 arguments, got 3; usage: scripts/workloads.sh <env> <diff|apply>');
  });
});

describe('scripts/lib/cluster.sh', () => {
  it('is the one place of argument checks and cluster access: workloads.sh, crds-apply.sh and ci/service/deploy.sh source it', () => {
    for (const script of ['scripts/workloads.sh', 'scripts/crds-apply.sh', 'ci/service/deploy.sh']) {
      const text = readFileSync(join(REPO_ROOT, script), 'utf8');
      expect(text, script).toMatch(/^source ".*\/lib\/cluster\.sh"$/m);
      expect(text, script).toContain('cluster_kubeconfig ');
      expect(text, script).not.toContain('aws eks update-kubeconfig --name');
    }
  });

  it('passes shellcheck with the scripts that source it, and so does every other scripts/*.sh', () => {
    const scripts = readdirSync(join(REPO_ROOT, 'scripts')).filter((f) => f.endsWith('.sh')).map((f) => `scripts/${f}`);
    expect(scripts).toEqual(expect.arrayContaining(['scripts/workloads.sh', 'scripts/crds-apply.sh']));
    const res = shellcheck(['-x', 'scripts/lib/cluster.sh', ...scripts]);
    expect(res.output).toBe('');
    expect(res.status).toBe(0);
  });
});

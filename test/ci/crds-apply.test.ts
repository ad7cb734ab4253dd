/** scripts/crds-apply.sh against recording stand-ins for kubectl and aws (there is no cluster here). */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_BUNDLES } from '../../scripts/lib/crds.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const FAKE = (name: string) => `#!/usr/bin/env bash
echo "${name} $* | KUBECONFIG=\${KUBECONFIG:-}" >> "$FAKE_LOG"
[ "${name}" = kubectl ] && [ "$1" = diff ] && exit "\${FAKE_DIFF_STATUS:-0}"
exit 0
`;

function run(args: string[], extra: Record<string, string> = {}) {
  const dir = tempDir('crds-apply-');
  const log = join(dir, 'log');
  for (const tool of ['kubectl', 'aws']) {
    writeFileSync(join(dir, tool), FAKE(tool));
    chmodSync(join(dir, tool), 0o755);
  }
  const { KUBECONFIG: _unset, ...base } = process.env;
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'crds-apply.sh'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...base, PATH: `${dir}:${process.env.PATH}`, FAKE_LOG: log, ...extra },
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { ...result, calls };
}

const pinnedFiles = CRD_BUNDLES.flatMap((b) => b.files.map((f) => join(REPO_ROOT, '.crds', b.folder, f.name)));

describe('scripts/crds-apply.sh', () => {
  it('applies every pinned CRD file server-side, in lock order, then waits until they are Established', () => {
    const { status, stderr, calls } = run(['prod', 'apply']);
    expect(status, stderr).toBe(0);
    expect(calls[0]).toMatch(/^aws eks update-kubeconfig --name obs-prod --region eu-west-1 --kubeconfig \S+\/kubeconfig/);
    const files = pinnedFiles.map((f) => `-f ${f}`).join(' ');
    expect(calls[1]).toBe(
      `kubectl apply --server-side --force-conflicts --field-manager=observability-platform-crds ${files} | KUBECONFIG=${calls[1]?.split('KUBECONFIG=')[1]}`,
    );
    expect(calls[2]).toMatch(new RegExp(`^kubectl wait --for=condition=Established --timeout=120s -f `));
    expect(calls).toHaveLength(3);
  });

  it('diffs server-side and treats exit 1 (differences) as success, exit 2 as failure', () => {
    const ok = run(['dev', 'diff'], { KUBECONFIG: '/dev/null', FAKE_DIFF_STATUS: '1' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.calls).toHaveLength(1);
    expect(ok.calls[0]).toMatch(/^kubectl diff --server-side --force-conflicts --field-manager=observability-platform-crds -f /);
    const broken = run(['dev', 'diff'], { KUBECONFIG: '/dev/null', FAKE_DIFF_STATUS: '2' });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/kubectl diff failed \(exit 2\)/);
  });

  it('refuses an unknown environment or action before touching the cluster', () => {
    const env = run(['nowhere', 'apply']);
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/config\/environments\/nowhere\.yaml does not exist/);
    const action = run(['dev', 'delete']);
    expect(action.status).toBe(2);
    expect(action.stderr).toMatch(/unknown action 'delete'/);
    expect([...env.calls, ...action.calls]).toEqual([]);
  });
});

/** ci/check-monitoring.ts with the real promtool and amtool from .tools/bin (npm test's pretest fetches them). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/repo.js';
import { tsEntry } from '../support/run-ts.js';

const TOOLS = join(REPO_ROOT, '.tools', 'bin');

function check(objects: object[], path = `${TOOLS}:${process.env.PATH}`) {
  const dir = tempDir('monitoring-');
  mkdirSync(join(dir, 'dev'));
  writeFileSync(join(dir, 'dev', 'alerting.k8s.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  return spawnSync(...tsEntry('ci/check-monitoring.ts', [dir]), { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PATH: path } });
}

const rule = (expr: string) => ({
  apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'platform', namespace: 'monitoring' },
  spec: { groups: [{ name: 'g', rules: [{ alert: 'Down', expr, labels: { severity: 'critical' } }] }] },
});
const amSecret = (config: string) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alertmanager-main', namespace: 'monitoring' }, stringData: { 'alertmanager.yaml': config },
});

describe('ci/check-monitoring.ts', () => {
  it('passes valid rules and a valid Alertmanager configuration', () => {
    const result = check([rule('up == 0'), amSecret('route:\n  receiver: default\nreceivers:\n  - name: default\n')]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 rule file\(s\), 1 Alertmanager config\(s\) checked/);
  });

  it('fails on a rule promtool rejects', () => {
    const result = check([rule('up ==')]);
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/FAILED|parse error/);
  });

  it('fails on an Alertmanager configuration amtool rejects', () => {
    const result = check([amSecret('route:\n  receiver: missing\nreceivers: []\n')]);
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/missing/);
  });

  it('fails, not skips, when promtool is not on PATH', () => {
    const node = join(process.execPath, '..');
    const result = check([rule('up == 0')], `${node}:/usr/bin:/bin`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot run promtool/);
  });
});

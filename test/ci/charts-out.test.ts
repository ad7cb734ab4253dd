import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countChanges } from '../../ci/terraform-report.js';
import { applyOrder, collectImages, monitoringFiles, objectChanges } from '../../scripts/lib/charts-out.js';
import { readManifests, type LocatedManifest } from '../../scripts/lib/validate-manifests.js';
import { CHARTS_OUT, REPO_ROOT, tempDir } from '../support/repo.js';
import { tsEntry } from '../support/run-ts.js';

const at = (file: string, object: Record<string, unknown>): LocatedManifest => ({ file, object: object as never });
const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });

const deployment = at('charts-out/dev/metrics.k8s.yaml', {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('grafana', 'monitoring'),
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'init', image: 'docker.io/library/busybox:1.37.0' }],
        containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:12.0.0' }, { name: 'sidecar', image: 'docker.io/library/busybox:1.37.0' }],
      },
    },
  },
});
const prometheus = at('charts-out/prod/metrics.k8s.yaml', {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Prometheus',
  metadata: meta('platform', 'monitoring'),
  spec: { image: 'quay.io/prometheus/prometheus:v3.5.3', containers: [{ name: 'config-reloader', resources: {} }] },
});
const namespace = at('charts-out/dev/platform.k8s.yaml', { apiVersion: 'v1', kind: 'Namespace', metadata: meta('monitoring') });

describe('collectImages', () => {
  it('finds every image in Pod templates and operator custom resources, distinct and sorted', () => {
    expect(collectImages([deployment, prometheus, namespace])).toEqual([
      'docker.io/grafana/grafana:12.0.0',
      'docker.io/library/busybox:1.37.0',
      'quay.io/prometheus/prometheus:v3.5.3',
    ]);
  });

  it('agrees with scripts/images.ts over the committed charts-out/', () => {
    const cli = spawnSync(...tsEntry('scripts/images.ts', ['charts-out']), { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const expected = collectImages(readManifests(CHARTS_OUT, REPO_ROOT));
    expect(cli.stdout).toBe(expected.map((i) => `${i}\n`).join(''));
    expect(cli.stderr).toMatch(new RegExp(`images: ${expected.length} distinct image\\(s\\)`));
  });
});

describe('applyOrder', () => {
  it('puts namespaces and CRDs first and keeps the file order of everything else', () => {
    const crd = at('charts-out/dev/z.k8s.yaml', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: meta('x.example.com') });
    expect(applyOrder([deployment, prometheus, crd, namespace]).map((o) => o.kind)).toEqual([
      'Namespace', 'CustomResourceDefinition', 'Deployment', 'Prometheus',
    ]);
  });
});

describe('monitoringFiles', () => {
  it('extracts PrometheusRule specs and alertmanager.yaml from Secrets (stringData or base64 data) and ConfigMaps', () => {
    const rule = at('charts-out/dev/alerting.k8s.yaml', {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: meta('platform', 'monitoring'),
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }] }] },
    });
    const secret = at('charts-out/prod/alerting.k8s.yaml', {
      apiVersion: 'v1', kind: 'Secret', metadata: meta('am', 'monitoring'),
      data: { 'alertmanager.yaml': Buffer.from('route: {receiver: x}\n').toString('base64') },
    });
    const configMap = at('charts-out/staging/alerting.k8s.yaml', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('am', 'monitoring'), data: { 'alertmanager.yaml': 'route: {}\n' },
    });
    const other = at('charts-out/dev/x.k8s.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: meta('s', 'monitoring'), stringData: { a: 'b' } });
    expect(monitoringFiles([rule, secret, configMap, other])).toEqual([
      { name: 'dev-monitoring-platform.rules.yaml', kind: 'rules', content: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }] }] } },
      { name: 'prod-monitoring-am.alertmanager.yaml', kind: 'alertmanager', content: 'route: {receiver: x}\n' },
      { name: 'staging-monitoring-am.alertmanager.yaml', kind: 'alertmanager', content: 'route: {}\n' },
    ]);
  });
});

describe('the Terraform report for GitLab', () => {
  it('counts creates, updates and deletes, a replace counting as both', () => {
    const plan = {
      resource_changes: [
        { change: { actions: ['create'] } },
        { change: { actions: ['update'] } },
        { change: { actions: ['delete', 'create'] } },
        { change: { actions: ['no-op'] } },
      ],
    };
    expect(countChanges(plan)).toEqual({ create: 2, update: 1, delete: 1 });
    expect(countChanges({})).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('fails when the environment has no synthesized stacks or a stack has no saved plan', () => {
    const result = spawnSync(...tsEntry('ci/terraform-report.ts', ['nowhere', 'out.json']), { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no stacks for nowhere in cdktf\.out\/stacks; run npm run synth/);

    const scratch = tempDir();
    mkdirSync(join(scratch, 'cdktf.out', 'stacks', 'dev-network'), { recursive: true });
    const noPlan = spawnSync(...tsEntry('ci/terraform-report.ts', ['dev', 'out.json']), { cwd: scratch, encoding: 'utf8' });
    expect(noPlan.status).toBe(1);
    expect(noPlan.stderr).toMatch(/no tfplan in cdktf\.out\/stacks\/dev-network; run scripts\/terraform\.sh dev all plan/);
  });
});

describe('objectChanges and ci/charts-diff.sh', () => {
  const ns = (name: string, labels: Record<string, string> = {}) =>
    at(`charts-out/dev/platform.k8s.yaml`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

  it('names the objects added, removed and changed', () => {
    expect(objectChanges([ns('a'), ns('b')], [ns('b', { x: 'y' }), ns('c')])).toEqual({
      added: ['dev Namespace c'],
      removed: ['dev Namespace a'],
      changed: ['dev Namespace b'],
    });
  });

  it('writes a summary of objects and the YAML diff of charts-out/ between the base and HEAD', () => {
    const repo = tempDir('charts-diff-');
    const git = (...args: string[]) => {
      const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const write = (body: string) => {
      mkdirSync(join(repo, 'charts-out', 'dev'), { recursive: true });
      writeFileSync(join(repo, 'charts-out', 'dev', 'platform.k8s.yaml'), body);
    };
    git('init', '-q');
    write('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    write('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  labels:\n    team: x\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: c\n');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'head');
    const result = spawnSync('bash', [join(REPO_ROOT, 'ci', 'charts-diff.sh'), base, 'out.diff'], { cwd: repo, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 file\(s\) changed under charts-out\//);
    const diff = readFileSync(join(repo, 'out.diff'), 'utf8');
    expect(diff).toContain('## added: 1\n+ dev Namespace c\n');
    expect(diff).toContain('## removed: 1\n- dev Namespace a\n');
    expect(diff).toContain('## changed: 1\n~ dev Namespace b\n');
    expect(diff).toContain('+    team: x');
  });
});

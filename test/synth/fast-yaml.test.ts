/**
 * The synthesis fast paths (scripts/lib/fast-yaml.ts, k8s-synth.ts, tf-synth.ts) must write exactly what cdk8s and
 * the yaml library write: compared here with the library itself, on the shipped environments and on hostile values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildK8sApp } from '../../cdk8s/app.js';
import { CDK8S_YAML_OPTIONS, layoutManifest, stringifyManifest, stringifyManifests } from '../../scripts/lib/fast-yaml.js';
import { synthK8sApp } from '../../scripts/lib/k8s-synth.js';
import { synthesize, synthesizedEnvironments } from '../../scripts/lib/synthesize.js';
import { loadEnvironments } from '../../config/load.js';
import { withoutTokenCreationStacks } from '../../scripts/lib/tf-synth.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { scratchRoot, tempDir } from '../support/repo.js';

const library = (doc: unknown) => stringify(doc, CDK8S_YAML_OPTIONS);

/** Every file of a folder, name → content. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** A deterministic pseudo-random generator (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces YAML treats specially: indicators, quotes, line breaks, typed words, document markers, control characters. */
const PIECES = [
  'a', 'Z', '0', '7', '1.5', '-', '?', ':', ': ', ' #', '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"',
  '%', '@', '`', ' ', '  ', '\t', '\n', '\n\n', '\n  ', '~', 'yes', 'No', 'on', 'null', 'true', '.inf', '.nan', '0x1F',
  '012', '1:20', '2001-12-14', '---', '...', '<<', '\r', '\u0007', '\u00e9', '\u2028', '{{ $labels.pod }}', 'sum(rate(x[5m]))',
];

function hostileString(next: () => number): string {
  const n = 1 + Math.floor(next() * 5);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return s;
}

describe('fast YAML layout', () => {
  it('writes every manifest of every shipped environment as the yaml library does', () => {
    let count = 0;
    for (const env of ENVIRONMENTS) {
      const app = buildK8sApp(env, tempDir('fast-yaml-'));
      for (const chart of synthK8sApp(app)) {
        for (const manifest of chart.manifests) {
          expect(stringifyManifest(manifest), `${env.name} ${String(manifest.kind)}`).toBe(library(manifest));
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('writes hostile strings as the yaml library does, in every position, without the library for most of them', () => {
    const next = random(12);
    let laidOut = 0;
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      const s = hostileString(next);
      const t = hostileString(next);
      const doc = { plain: s, list: [s, [t], { key: s }], nested: { deeper: { value: t, items: [{ a: t, b: [s] }] } } };
      const ours = layoutManifest(doc);
      if (ours !== undefined) laidOut++;
      expect(ours ?? stringifyManifest(doc), JSON.stringify(doc)).toBe(library(doc));
    }
    // Only kept (`|+`) block scalars leave the layout; everything else is written without a document tree.
    expect(laidOut).toBeGreaterThan(runs * 0.8);
  });

  it('writes hostile keys as the yaml library does (by handing the document to it)', () => {
    const next = random(34);
    for (let i = 0; i < 1000; i++) {
      const k = hostileString(next);
      const doc = { [k]: 'v', list: [{ [k]: 1, other: 2 }], nested: { deeper: { [k]: [k] } } };
      expect(stringifyManifest(doc), JSON.stringify(doc)).toBe(library(doc));
    }
  });

  it('lays out every manifest of every shipped environment itself', () => {
    for (const env of ENVIRONMENTS) {
      const app = buildK8sApp(env, tempDir('fast-yaml-'));
      const manifests = synthK8sApp(app).flatMap((c) => c.manifests);
      const outside = manifests.filter((m) => layoutManifest(m) === undefined).map((m) => `${String(m.kind)} ${JSON.stringify(m.metadata)}`);
      expect(outside, env.name).toEqual([]);
    }
  });

  it('handles the values the library writes specially: numbers, null, undefined, empty collections, nesting', () => {
    const docs: unknown[] = [
      { a: -0, b: Number.NaN, c: Infinity, d: -Infinity, e: 1e21, f: 0.1, g: 2 ** 60, h: -5, i: 1.5e-7 },
      { a: null, b: undefined, c: {}, d: [], e: [{}], f: [[]], g: [[1, [2, []]]], h: [null, undefined, true, false] },
      { '': 1, 8080: 'port', 'a b': { 'c:d': ['x'] }, y: 'n', long: 'k'.repeat(2000), ['k'.repeat(1100)]: 1 },
      { block: 'line one\nline two\n', kept: 'a\n\n', strip: 'a\nb', lead: ' a\nb', trail: 'a\n  ', crlf: 'a\r\nb' },
      { marker: '--- a\nb', dots: '...', pct: '%x', list: ['--- a', 'a\n---\nb', '#x', 'a #b'] },
    ];
    for (const doc of docs) expect(stringifyManifest(doc), JSON.stringify(doc)).toBe(library(doc));
  });

  it('leaves what it does not model to the library: an object reached twice (anchors), class instances, empty docs', () => {
    const shared = { x: 1 };
    const docs: unknown[] = [{ a: shared, b: [shared] }, { when: new Date(0) }, {}, 'text', [1, 2], { m: new Map([['k', 1]]) }];
    for (const doc of docs) expect(stringifyManifest(doc)).toBe(library(doc));
    expect(stringifyManifest({ a: shared, b: shared })).toContain('&a1');
  });

  it('joins documents as cdk8s does (an undefined document is an empty line)', () => {
    expect(stringifyManifests([{ a: 1 }, undefined, { b: 2 }])).toBe('a: 1\n---\n\n---\nb: 2\n');
  });
});

describe('synthK8sApp', () => {
  it('writes the same files, byte for byte, as cdk8s app.synth() for every shipped environment', () => {
    for (const env of ENVIRONMENTS) {
      const ours = tempDir('k8s-synth-ours-');
      const theirs = tempDir('k8s-synth-cdk8s-');
      const charts = synthK8sApp(buildK8sApp(env, ours));
      buildK8sApp(env, theirs).synth();
      expect(files(ours), env.name).toEqual(files(theirs));
      expect(charts.map((c) => c.file).sort()).toEqual(Object.keys(files(theirs)));
      for (const c of charts) expect(c.manifests.length, `${env.name} ${c.file}`).toBe(c.apiObjects.length);
    }
  });

  it('orders objects by dependency and numbers the files when charts depend on each other, as cdk8s does', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
      const late = new Chart(app, 'late');
      const early = new Chart(app, 'early');
      const ns = new ApiObject(early, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
      const second = new ApiObject(late, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'n' } });
      const first = new ApiObject(late, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } });
      second.addDependency(first);
      late.addDependency(ns);
      return app;
    };
    const ours = tempDir('k8s-synth-deps-');
    const theirs = tempDir('k8s-synth-deps-cdk8s-');
    const charts = synthK8sApp(build(ours));
    build(theirs).synth();
    expect(files(ours)).toEqual(files(theirs));
    expect(charts.map((c) => c.file)).toEqual(['0000-early.k8s.yaml', '0001-late.k8s.yaml']);
    expect(charts[1]?.manifests.map((m) => (m.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });

  it('orders charts that depend on charts (directly and through their objects) as cdk8s does', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
      const charts = ['a', 'b', 'c', 'd', 'e'].map((id) => new Chart(app, id));
      const [a, b, c, d, e] = charts as [Chart, Chart, Chart, Chart, Chart];
      const objects = charts.map((chart) => [1, 2].map((n) => new ApiObject(chart, `o${n}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${chart.node.id}-${n}` } })));
      a.addDependency(c);
      b.addDependency(d);
      d.addDependency(c);
      objects[4]?.[0]?.addDependency(objects[1]?.[1] as ApiObject);
      objects[1]?.[0]?.addDependency(objects[1]?.[1] as ApiObject);
      void e;
      return app;
    };
    const ours = tempDir('k8s-synth-charts-');
    const theirs = tempDir('k8s-synth-charts-cdk8s-');
    const charts = synthK8sApp(build(ours));
    build(theirs).synth();
    expect(files(ours)).toEqual(files(theirs));
    expect(charts.map((c) => c.file)).toEqual(Object.keys(files(theirs)));
  });

  it('reports failed construct validation as cdk8s does, before writing anything', () => {
    const outdir = tempDir('k8s-synth-invalid-');
    const app = new App({ outdir });
    const chart = new Chart(app, 'bad');
    chart.node.addValidation({ validate: () => ['replicas must be positive'] });
    expect(() => synthK8sApp(app)).toThrow('Validation failed with the following errors:\n  [bad] replicas must be positive');
    expect(readdirSync(outdir)).toEqual([]);
  });
});

describe('withoutTokenCreationStacks', () => {
  it('skips stacks captured on plain objects, keeps those of real errors, and restores Error.captureStackTrace', () => {
    const before = Error.captureStackTrace;
    const { plain, error } = withoutTokenCreationStacks(() => {
      const target = { stack: '' };
      Error.captureStackTrace(target);
      return { plain: target.stack, error: new Error('boom') };
    });
    expect(plain).toBe('');
    expect(error.stack).toMatch(/^Error: boom\n\s+at /);
    expect(Error.captureStackTrace).toBe(before);
    expect(() =>
      withoutTokenCreationStacks(() => {
        throw new Error('inner');
      }),
    ).toThrow('inner');
    expect(Error.captureStackTrace).toBe(before);
    const after = { stack: '' };
    Error.captureStackTrace(after);
    expect(after.stack).not.toBe('');
  });
});

describe('synthesizedEnvironments', () => {
  it('hands the derived files the environments a whole-folder synthesis read, unchanged by it; nothing after a partial one', () => {
    const { root, configDir } = scratchRoot();
    expect(synthesizedEnvironments(configDir)).toBeUndefined();
    synthesize({ root, configDir, targets: ['cdk8s'] });
    expect(synthesizedEnvironments(configDir)).toEqual(loadEnvironments({ dir: configDir }));
    expect(synthesizedEnvironments(join(root, 'elsewhere'))).toBeUndefined();
    const [first] = loadEnvironments({ dir: configDir });
    synthesize({ root, configDir, only: [first?.name ?? ''], targets: ['cdk8s'] });
    expect(synthesizedEnvironments(configDir)).toBeUndefined();
  });
});

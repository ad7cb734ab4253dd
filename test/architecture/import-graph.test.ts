/**
 * Dependencies point one way: config/ → contracts/ → cdk8s/ and cdktf/ (never each other) → scripts/.
 * imports/ (generated CRD bindings) depends on nothing of ours and is used by cdk8s/ only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo.js';

/** The layers, by top-level folder. */
type Layer = 'config' | 'contracts' | 'cdk8s' | 'cdktf' | 'scripts' | 'imports';
const LAYERS: readonly Layer[] = ['config', 'contracts', 'cdk8s', 'cdktf', 'scripts', 'imports'];

/** What each layer may import from the repository (besides npm packages; contracts/ takes none of those). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  config: ['config'],
  contracts: ['config', 'contracts'],
  cdk8s: ['config', 'contracts', 'cdk8s', 'imports'],
  cdktf: ['config', 'contracts', 'cdktf'],
  scripts: ['config', 'contracts', 'cdk8s', 'cdktf', 'scripts', 'imports'],
  imports: ['imports'],
};

/** Layers that may not import npm packages at all (plain data only). */
const NO_PACKAGES: ReadonlySet<Layer> = new Set(['contracts']);

/** One import: `from` and `to` are repository-relative paths (`to` is the specifier itself for a package). */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** Repository-relative target for a relative specifier; undefined for a package or `node:` module. */
  readonly to?: string;
}

function layerOf(path: string): Layer | undefined {
  const top = path.split('/')[0];
  return LAYERS.find((l) => l === top);
}

/** The violations among `edges`, one line each, naming the file, the import and the rule it breaks. */
export function checkEdges(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    if (!from) continue;
    if (edge.to === undefined) {
      if (NO_PACKAGES.has(from) && !edge.specifier.startsWith('node:')) {
        problems.push(`${edge.from}: imports '${edge.specifier}'; ${from}/ holds plain data and imports no npm package`);
      }
      continue;
    }
    const to = layerOf(edge.to);
    if (to === undefined || !ALLOWED[from].includes(to)) {
      const target = to ? `${to}/` : edge.to;
      problems.push(`${edge.from}: imports '${edge.specifier}' (${target}); ${from}/ may import only ${ALLOWED[from].map((l) => `${l}/`).join(', ')}`);
    }
  }
  return problems;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every import (static, dynamic, re-export, type-only) of every .ts file of the layers. */
export function repositoryEdges(root: string = REPO_ROOT): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const layer of LAYERS) {
    for (const file of tsFiles(join(root, layer))) {
      const from = relative(root, file).split(sep).join('/');
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName: specifier } of info.importedFiles) {
        if (!specifier.startsWith('.')) {
          edges.push({ from, specifier });
          continue;
        }
        const to = normalize(join(dirname(from), specifier)).split(sep).join('/');
        edges.push({ from, specifier, to });
      }
    }
  }
  return edges;
}

describe('import graph', () => {
  const edges = repositoryEdges();

  it('reads the imports of every layer', () => {
    const fromLayers = new Set(edges.map((e) => layerOf(e.from)));
    for (const layer of ['config', 'contracts', 'cdk8s', 'cdktf', 'scripts'] as const) expect(fromLayers).toContain(layer);
    expect(edges.some((e) => e.from.startsWith('cdk8s/') && e.to?.startsWith('contracts/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('cdktf/') && e.to?.startsWith('contracts/'))).toBe(true);
  });

  it('has no edge against the direction config → contracts → cdk8s | cdktf → scripts', () => {
    expect(checkEdges(edges)).toEqual([]);
  });

  it('reports an edge from cdk8s into cdktf with the file and the import', () => {
    const problems = checkEdges([
      { from: 'cdk8s/metrics/operator-scrapes.ts', specifier: '../../cdktf/addons/eck-operator.js', to: 'cdktf/addons/eck-operator.js' },
    ]);
    expect(problems).toEqual([
      "cdk8s/metrics/operator-scrapes.ts: imports '../../cdktf/addons/eck-operator.js' (cdktf/); cdk8s/ may import only config/, contracts/, cdk8s/, imports/",
    ]);
  });

  it.each([
    ['cdktf/addons/chart.ts', 'cdk8s/lib/security.js'],
    ['cdk8s/app.ts', 'scripts/lib/cli.js'],
    ['cdktf/app.ts', 'scripts/lib/cli.js'],
    ['config/load.ts', 'contracts/operators.js'],
    ['contracts/security.ts', 'cdk8s/lib/security.js'],
    ['contracts/operators.ts', 'cdktf/addons/chart.js'],
    ['imports/monitoring.coreos.com.ts', 'config/derive.js'],
    ['cdk8s/app.ts', 'test/support/repo.js'],
  ])('reports %s importing %s', (from, to) => {
    const problems = checkEdges([{ from, specifier: `./${to}`, to }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(from);
  });

  it('accepts the edges the direction allows', () => {
    const allowed: ImportEdge[] = [
      { from: 'contracts/namespaces.ts', specifier: '../config/derive.js', to: 'config/derive.js' },
      { from: 'cdk8s/metrics/operator-scrapes.ts', specifier: '../../contracts/operators.js', to: 'contracts/operators.js' },
      { from: 'cdktf/addons/chart.ts', specifier: '../../contracts/security.js', to: 'contracts/security.js' },
      { from: 'scripts/lib/synthesize.ts', specifier: '../../cdk8s/app.js', to: 'cdk8s/app.js' },
      { from: 'cdk8s/app.ts', specifier: 'cdk8s' },
    ];
    expect(checkEdges(allowed)).toEqual([]);
  });

  it('reports an npm package imported by contracts/', () => {
    expect(checkEdges([{ from: 'contracts/security.ts', specifier: 'cdk8s-plus-28' }])).toEqual([
      "contracts/security.ts: imports 'cdk8s-plus-28'; contracts/ holds plain data and imports no npm package",
    ]);
  });
});

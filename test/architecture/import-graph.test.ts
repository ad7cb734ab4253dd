/** Dependencies point one way: config/ → contracts/ → cdk8s/ and cdktf/ (never each other) → scripts/. */
import { describe, expect, it } from 'vitest';
import { checkEdges, type ImportEdge, layerOf, repositoryEdges } from '../support/import-graph.js';

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

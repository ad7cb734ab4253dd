/**
 * The import graph of the repository's layers. Dependencies point one way: config/ → contracts/ → cdk8s/ and
 * cdktf/ (never each other) → scripts/.
 * imports/ (generated CRD bindings) depends on nothing of ours and is used by cdk8s/ only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './repo.js';

/** The layers, by top-level folder. */
export type Layer = 'config' | 'contracts' | 'cdk8s' | 'cdktf' | 'scripts' | 'imports';
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

export function layerOf(path: string): Layer | undefined {
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


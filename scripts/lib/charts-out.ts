/**
 * Reads of `charts-out/` that the delivery pipeline needs: every image the manifests run (for the vulnerability
 * scan), the objects of one environment in a safe apply order (for `kubectl apply`/`diff`), and the Prometheus rule
 * groups and Alertmanager configurations they carry (for `promtool`/`amtool`).
 */
import { Buffer } from 'node:buffer';
import type { LocatedManifest, Manifest } from './validate-manifests.js';

/** Every string under a key named `image`, anywhere in the object (Pod templates, operator CRs' `spec.image`). */
function imagesIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) imagesIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'image' && typeof child === 'string') found.add(child);
      else imagesIn(child, found);
    }
  }
}

/** The distinct images referenced by the manifests, sorted. */
export function collectImages(manifests: readonly LocatedManifest[]): string[] {
  const found = new Set<string>();
  for (const { object } of manifests) imagesIn(object, found);
  return [...found].sort();
}

/** Kinds that other objects depend on; they go first so that a first apply to an empty cluster succeeds. */
const FIRST_KINDS = ['Namespace', 'CustomResourceDefinition'];

/**
 * The objects in apply order: namespaces and CRDs first, then everything else in file order (charts are files, and
 * their order on disk is not their dependency order). The sort is stable, so the result is deterministic.
 */
export function applyOrder(manifests: readonly LocatedManifest[]): Manifest[] {
  const rank = (m: LocatedManifest) => {
    const i = FIRST_KINDS.indexOf(m.object.kind);
    return i === -1 ? FIRST_KINDS.length : i;
  };
  return [...manifests].sort((a, b) => rank(a) - rank(b)).map((m) => m.object);
}

export interface MonitoringFile {
  /** A file name unique across charts-out: `<env>-<namespace>-<name>.<suffix>`. */
  readonly name: string;
  readonly kind: 'rules' | 'alertmanager';
  /** The file body: a PrometheusRule's `spec` (rule groups) or an `alertmanager.yaml` value. */
  readonly content: unknown;
}

const envOf = (file: string) => file.split('/')[1] ?? 'unknown';

/**
 * Rule files (`spec` of every PrometheusRule) and Alertmanager configurations (the `alertmanager.yaml` key of any
 * Secret or ConfigMap, decoding base64 `data`).
 */
export function monitoringFiles(manifests: readonly LocatedManifest[]): MonitoringFile[] {
  const files: MonitoringFile[] = [];
  for (const { file, object } of manifests) {
    const base = `${envOf(file)}-${object.metadata.namespace ?? 'cluster'}-${object.metadata.name}`;
    if (object.kind === 'PrometheusRule') {
      files.push({ name: `${base}.rules.yaml`, kind: 'rules', content: object.spec });
    }
    if (object.kind === 'Secret' || object.kind === 'ConfigMap') {
      const stringData = (object.stringData ?? {}) as Record<string, string>;
      const data = (object.data ?? {}) as Record<string, string>;
      const key = 'alertmanager.yaml';
      const body = stringData[key] ?? (key in data
        ? object.kind === 'Secret' ? Buffer.from(data[key] ?? '', 'base64').toString('utf8') : data[key]
        : undefined);
      if (body !== undefined) files.push({ name: `${base}.alertmanager.yaml`, kind: 'alertmanager', content: body });
    }
  }
  return files;
}

export interface ObjectChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** `<env> <Kind> <namespace>/<name>`: how an object is named in the charts-out diff summary. */
function objectKey({ file, object }: LocatedManifest): string {
  const env = file.split('/').at(-2) ?? file;
  return `${env} ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

/** Objects added, removed and changed between two readings of charts-out/ (each list sorted). */
export function objectChanges(before: readonly LocatedManifest[], after: readonly LocatedManifest[]): ObjectChanges {
  const index = (list: readonly LocatedManifest[]) => new Map(list.map((m) => [objectKey(m), JSON.stringify(m.object)]));
  const a = index(before);
  const b = index(after);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort(),
  };
}

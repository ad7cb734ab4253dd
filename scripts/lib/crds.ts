/**
 * The pinned CRDs (scripts/crds.lock.json): where they come from and where the project keeps its copy (`.crds/`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import lock from '../crds.lock.json' with { type: 'json' };

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** Where synced CRDs live (ignored by git). */
export const CRDS_DIR = join(REPO_ROOT, '.crds');
/** The local mirror used when none is given: the workplace's shared folder beside the checkout. */
export const DEFAULT_MIRROR = join(REPO_ROOT, '..', 'shared', 'crds');

export interface CrdBundle {
  readonly folder: string;
  readonly repository: string;
  readonly tag: string;
  readonly path: string;
  /**
   * A folder in this repository holding the set's files (vendored with its license, see its README): taken from
   * there, never from the mirror or upstream. @default undefined (mirror, else upstream at `tag`)
   */
  readonly vendored?: string;
  readonly files: readonly { readonly name: string; readonly sha256: string }[];
}

export const CRD_BUNDLES: readonly CrdBundle[] = lock;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Envoy Gateway ships its CRDs inside Helm `{{ if }}` … `{{ end }}` guards; the pinned files have them removed. */
function stripHelmGuards(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
    .join('\n');
}

/** A CRD sync failure the user can fix; `npm run crds` prints its message alone (one line, no stack trace). */
export class CrdSyncError extends Error {}

/** The one-line remedy for a machine without network access. */
export const OFFLINE_REMEDY = 'without network access: npm run crds -- --mirror <dir> (or CRDS_MIRROR=<dir>), <dir> laid out like ../shared/crds';

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ${cause.message}` : cause.message;
  return error.message;
}

async function download(bundle: CrdBundle, name: string): Promise<string> {
  // CRDS_UPSTREAM replaces the upstream host (an internal proxy of it; the tests point it at a closed loopback port).
  const base = process.env.CRDS_UPSTREAM ?? 'https://raw.githubusercontent.com';
  const url = `${base}/${bundle.repository}/${bundle.tag}/${bundle.path}${name}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
    throw new CrdSyncError(`crds: cannot download ${url} (${reason(error).replace(/\s+/g, ' ')}); ${OFFLINE_REMEDY}`);
  });
  if (!response.ok) throw new CrdSyncError(`crds: cannot download ${url} (HTTP ${response.status}); ${OFFLINE_REMEDY}`);
  return stripHelmGuards(await response.text());
}

/**
 * Copies every pinned CRD into `.crds/`: a vendored set from its folder in this repository; the others from `mirror` (a
 * folder laid out like ../shared/crds) when it exists, else from upstream at the pinned tag. Every file's sha256 must
 * match the lock; a mismatch is an error, never a warning.
 */
export async function syncCrds(mirror: string | undefined = process.env.CRDS_MIRROR ?? DEFAULT_MIRROR): Promise<string> {
  const useMirror = mirror !== undefined && existsSync(mirror);
  for (const bundle of CRD_BUNDLES) {
    const dir = join(CRDS_DIR, bundle.folder);
    mkdirSync(dir, { recursive: true });
    for (const file of bundle.files) {
      const target = join(dir, file.name);
      if (existsSync(target) && sha256(readFileSync(target, 'utf8')) === file.sha256) continue;
      if (bundle.vendored !== undefined && !existsSync(join(REPO_ROOT, bundle.vendored, file.name))) {
        throw new CrdSyncError(`crds: ${bundle.vendored}/${file.name} is missing (scripts/crds.lock.json vendors ${bundle.folder}); restore it from git`);
      }
      const source =
        bundle.vendored !== undefined ? join(REPO_ROOT, bundle.vendored, file.name) : useMirror ? join(mirror, bundle.folder, file.name) : undefined;
      if (source !== undefined && !existsSync(source)) {
        throw new CrdSyncError(`crds: the mirror ${mirror} has no ${bundle.folder}/${file.name}; point --mirror (or CRDS_MIRROR) at a folder laid out like ../shared/crds`);
      }
      const text = source !== undefined ? readFileSync(source, 'utf8') : await download(bundle, file.name);
      const actual = sha256(text);
      if (actual !== file.sha256) {
        throw new CrdSyncError(
          `crds: ${bundle.folder}/${file.name}: sha256 ${actual} does not match the lock (${file.sha256}); ` +
            'the source changed: review it and update scripts/crds.lock.json deliberately',
        );
      }
      writeFileSync(`${target}.tmp`, text);
      renameSync(`${target}.tmp`, target);
    }
  }
  return useMirror ? mirror : 'upstream';
}

/** A CRD's served versions with their schemas, keyed by `group/version` and `kind`. */
export interface CrdVersionSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly schema: Record<string, unknown>;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Record<string, unknown> } }[];
  };
}

/** Reads every synced CRD and returns one entry per served version. */
export function loadCrdSchemas(dir: string = CRDS_DIR): CrdVersionSchema[] {
  const result: CrdVersionSchema[] = [];
  for (const bundle of CRD_BUNDLES) {
    for (const name of readdirSync(join(dir, bundle.folder)).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, bundle.folder, name), 'utf8'))) {
        const crd = doc.toJS() as CrdDocument | null;
        if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
        for (const version of crd.spec.versions.filter((v) => v.served)) {
          const schema = version.schema?.openAPIV3Schema;
          if (!schema) throw new Error(`crds: ${bundle.folder}/${name}: ${crd.spec.names.kind} ${version.name} has no openAPIV3Schema`);
          result.push({
            apiVersion: `${crd.spec.group}/${version.name}`,
            kind: crd.spec.names.kind,
            namespaced: crd.spec.scope === 'Namespaced',
            schema,
          });
        }
      }
    }
  }
  return result;
}

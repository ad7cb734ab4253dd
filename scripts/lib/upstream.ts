/**
 * Upstream reference data (scripts/upstream.lock.json): kubernetes-mixin's own promtool unit tests at the commit
 * kube-prometheus vendors, and kube-prometheus's rendered rule set (for the rule-evaluation benchmark). Test-time data,
 * never part of the project: it is copied into the ignored `.upstream/` folder, from a local mirror laid out like
 * ../shared/upstream when one exists, else downloaded from GitHub at the pinned commit. Every file's sha256 must
 * match the lock.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import lock from '../upstream.lock.json' with { type: 'json' };

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** Where the copies live (ignored by git). */
export const UPSTREAM_DIR = join(REPO_ROOT, '.upstream');
/** The mirror used when none is given: the workplace's shared folder beside the checkout. */
export const DEFAULT_UPSTREAM_MIRROR = join(REPO_ROOT, '..', 'shared', 'upstream');

export interface UpstreamBundle {
  /** Folder name under `.upstream/` and under the mirror. */
  readonly folder: string;
  /** GitHub `owner/name`. */
  readonly repository: string;
  /** Full commit the files are pinned at. */
  readonly commit: string;
  /** The bundle's license file (copied with it). */
  readonly license: string;
  /** Files by folder inside the repository (`''` is the root, `tests/` a subfolder). */
  readonly paths: Readonly<Record<string, readonly { readonly name: string; readonly sha256: string }[]>>;
}

export const UPSTREAM_BUNDLES: readonly UpstreamBundle[] = lock.map((b) => ({
  ...b,
  paths: Object.fromEntries(Object.entries(b.paths).filter((e): e is [string, { name: string; sha256: string }[]] => e[1] !== undefined)),
}));

/** kubernetes-mixin: its promtool unit tests live in `tests/`. */
export const MIXIN = bundle('kubernetes-mixin');
/** kube-prometheus: its rule set lives in `manifests/*-prometheusRule.yaml`. */
export const KUBE_PROMETHEUS = bundle('kube-prometheus');

function bundle(repoName: string): UpstreamBundle {
  const found = UPSTREAM_BUNDLES.find((b) => b.repository.endsWith(`/${repoName}`));
  if (!found) throw new Error(`upstream: scripts/upstream.lock.json has no bundle for ${repoName}`);
  return found;
}

/** Absolute path of a bundle's folder (or of a file in it) inside `.upstream/`. */
export function upstreamPath(b: UpstreamBundle, ...parts: string[]): string {
  return join(UPSTREAM_DIR, b.folder, ...parts);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function download(b: UpstreamBundle, path: string): Promise<string> {
  const url = `https://raw.githubusercontent.com/${b.repository}/${b.commit}/${path}`;
  const response = await fetch(url).catch((error: unknown) => {
    throw new Error(
      `upstream: cannot download ${url} (${String((error as Error).cause ?? (error as Error).message)}); ` +
        'without network access, point UPSTREAM_MIRROR (or --mirror) at a folder laid out like ../shared/upstream',
    );
  });
  if (!response.ok) throw new Error(`upstream: ${url}: HTTP ${response.status}`);
  return response.text();
}

/** Copies every pinned file into `.upstream/`; returns where they came from. Safe to re-run (unchanged files are kept). */
export async function syncUpstream(mirror: string | undefined = process.env.UPSTREAM_MIRROR ?? DEFAULT_UPSTREAM_MIRROR): Promise<string> {
  const useMirror = mirror !== undefined && existsSync(mirror);
  for (const b of UPSTREAM_BUNDLES) {
    for (const [folder, files] of Object.entries(b.paths)) {
      for (const file of files) {
        const target = upstreamPath(b, folder, file.name);
        if (existsSync(target) && sha256(readFileSync(target, 'utf8')) === file.sha256) continue;
        const text = useMirror ? readFileSync(join(mirror, b.folder, folder, file.name), 'utf8') : await download(b, `${folder}${file.name}`);
        const actual = sha256(text);
        if (actual !== file.sha256) {
          throw new Error(
            `upstream: ${b.folder}/${folder}${file.name}: sha256 ${actual} does not match scripts/upstream.lock.json (${file.sha256}); ` +
              'the source changed: review it and update the lock deliberately',
          );
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(`${target}.tmp`, text);
        renameSync(`${target}.tmp`, target);
      }
    }
  }
  return useMirror ? mirror : 'upstream';
}

/**
 * Image pinning: what counts as an exact tag, how an image reference is parsed, and how the lock file
 * (`config/images.lock.json`) is kept in step with `config/images.ts` and filled with digests from the registries.
 * A digest only ever comes from a registry (crane or skopeo); an unresolved entry stays `null`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type ImageLock, type ImageSpec, taggedRef } from '../../config/images.js';

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** An exact version tag: it names a full `major.minor.patch` release (optionally prefixed/suffixed, e.g. `v3.5.3`, `9.1.5`, `distroless-v1.36.2`). */
export function isExactTag(tag: string): boolean {
  return /(^|[^0-9.])v?\d+\.\d+\.\d+([^0-9.]|$)/.test(tag) && !/latest|stable|nightly|edge|main|master|dev/i.test(tag);
}

export interface ParsedImage {
  readonly repository: string;
  /** Undefined when the reference has no tag (which pins nothing). */
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `registry/repo:tag@sha256:…` (any part after the repository optional). */
export function parseImage(ref: string): ParsedImage {
  const [nameAndTag = '', digest] = ref.split('@', 2);
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    repository: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    ...(hasTag ? { tag: nameAndTag.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** The lock with exactly one entry per image: existing digests kept, new images `null`, removed images dropped. */
export function syncLock(images: readonly ImageSpec[], lock: ImageLock): ImageLock {
  const refs = [...new Set(images.map(taggedRef))].sort();
  return { digests: Object.fromEntries(refs.map((ref) => [ref, lock.digests[ref] ?? null])) };
}

/** Resolves one `repository:tag` to the digest of the manifest (or index) the registry serves for it. */
export type DigestResolver = (ref: string) => string;

export type RegistryTool = 'crane' | 'skopeo';

/** A resolver backed by `crane digest` or by hashing `skopeo inspect --raw` (the top-level manifest as served). */
export function registryResolver(tool: RegistryTool, env: NodeJS.ProcessEnv = process.env): DigestResolver {
  return (ref) => {
    let digest: string;
    try {
      if (tool === 'crane') {
        digest = execFileSync('crane', ['digest', ref], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      } else {
        const raw = execFileSync('skopeo', ['inspect', '--raw', `docker://${ref}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
      }
    } catch (error) {
      const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
      throw new Error(`${tool} could not resolve ${ref}: ${stderr || (error as Error).message}`);
    }
    if (!DIGEST_PATTERN.test(digest)) throw new Error(`${tool} returned "${digest}" for ${ref}, which is not a sha256 digest`);
    return digest;
  };
}

/** Every entry of the lock resolved afresh (a moved tag shows up as a diff of the lock file). */
export function resolveLock(lock: ImageLock, resolve: DigestResolver): ImageLock {
  return { digests: Object.fromEntries(Object.keys(lock.digests).map((ref) => [ref, resolve(ref)])) };
}

/** Lock entries that still have no digest. */
export function unresolved(lock: ImageLock): string[] {
  return Object.entries(lock.digests)
    .filter(([, digest]) => digest === null)
    .map(([ref]) => ref);
}

export function formatLock(lock: ImageLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

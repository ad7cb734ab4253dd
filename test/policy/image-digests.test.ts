/**
 * The image lock tooling: parsing and tag rules, keeping the lock in step with the catalog, and resolving digests
 * through crane or skopeo (faked here by scripts on PATH: no registry is reachable from tests, and no digest is
 * ever invented by the code under test).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExactTag, parseImage, registryResolver, resolveLock, syncLock, unresolved } from '../../scripts/lib/image-digests.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

/** A directory on PATH holding one fake tool. */
function fakeTool(name: string, script: string): NodeJS.ProcessEnv {
  const dir = tempDir('fake-tool-');
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
}

describe('image references', () => {
  it.each([
    ['quay.io/prometheus/prometheus:v3.5.3', { repository: 'quay.io/prometheus/prometheus', tag: 'v3.5.3' }],
    ['localhost:5000/app:1.0.0', { repository: 'localhost:5000/app', tag: '1.0.0' }],
    [`docker.io/x/y:2.0.1@${DIGEST}`, { repository: 'docker.io/x/y', tag: '2.0.1', digest: DIGEST }],
    ['localhost:5000/app', { repository: 'localhost:5000/app' }],
  ])('parses %s', (ref, parsed) => {
    expect(parseImage(ref)).toEqual(parsed);
  });

  it.each(['v3.5.3', '9.1.5', 'distroless-v1.36.2', '1.2.3-debian-12-r4'])('treats %s as an exact tag', (tag) => {
    expect(isExactTag(tag)).toBe(true);
  });

  it.each(['latest', 'v3', '3.5', 'stable', '1.2.3-latest', 'main', '1.x'])('treats %s as a floating tag', (tag) => {
    expect(isExactTag(tag)).toBe(false);
  });
});

describe('the lock file', () => {
  it('gets one entry per catalog image: digests kept, new images null, removed images dropped, sorted', () => {
    const images = [
      { repository: 'b/new', tag: '1.0.0' },
      { repository: 'a/kept', tag: '1.0.0' },
    ];
    const synced = syncLock(images, { digests: { 'a/kept:1.0.0': DIGEST, 'z/gone:1.0.0': DIGEST } });
    expect(synced).toEqual({ digests: { 'a/kept:1.0.0': DIGEST, 'b/new:1.0.0': null } });
    expect(Object.keys(synced.digests)).toEqual(['a/kept:1.0.0', 'b/new:1.0.0']);
    expect(unresolved(synced)).toEqual(['b/new:1.0.0']);
  });

  it('resolves every entry with crane digest', () => {
    const env = fakeTool('crane', `[ "$1" = digest ] && [ "$2" = "a/app:1.0.0" ] && echo ${DIGEST}`);
    expect(resolveLock({ digests: { 'a/app:1.0.0': null } }, registryResolver('crane', env))).toEqual({ digests: { 'a/app:1.0.0': DIGEST } });
  });

  it('resolves with skopeo by hashing the manifest exactly as the registry serves it', () => {
    const manifest = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}';
    const env = fakeTool('skopeo', `[ "$3" = "docker://a/app:1.0.0" ] && printf '%s' '${manifest}'`);
    const expected = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    expect(registryResolver('skopeo', env)('a/app:1.0.0')).toBe(expected);
  });

  it('fails, naming the image, when the registry tool fails or answers something that is not a digest', () => {
    const failing = fakeTool('crane', 'echo "MANIFEST_UNKNOWN: manifest unknown" >&2; exit 1');
    expect(() => registryResolver('crane', failing)('a/app:9.9.9')).toThrow(/crane could not resolve a\/app:9\.9\.9: MANIFEST_UNKNOWN/);
    const garbage = fakeTool('crane', 'echo sha256:short');
    expect(() => registryResolver('crane', garbage)('a/app:1.0.0')).toThrow(/returned "sha256:short" for a\/app:1\.0\.0, which is not a sha256 digest/);
  });

  it('is an error, not a skip, when neither crane nor skopeo is installed', () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/resolve-image-digests.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: tempDir('empty-path-') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs crane or skopeo on PATH/);
  });
});

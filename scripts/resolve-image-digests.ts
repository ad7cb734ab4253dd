/**
 * Keeps config/images.lock.json in step with config/images.ts and resolves every image to its registry digest.
 *   npx tsx scripts/resolve-image-digests.ts [--tool crane|skopeo]   resolve every entry (needs registry access)
 *   npx tsx scripts/resolve-image-digests.ts --offline               only add new images (null) and drop removed ones
 *   npx tsx scripts/resolve-image-digests.ts --check                 exit 1 if the lock is out of step or unresolved
 * Without --tool, crane is used when on PATH, else skopeo; neither present is an error, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGES, type ImageLock } from '../config/images.js';
import { formatLock, registryResolver, resolveLock, syncLock, unresolved, type RegistryTool } from './lib/image-digests.js';

const LOCK = join(import.meta.dirname, '..', 'config', 'images.lock.json');

function onPath(tool: string): boolean {
  return spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined;
}

function main(): number {
  const { values } = parseArgs({
    options: { tool: { type: 'string' }, offline: { type: 'boolean' }, check: { type: 'boolean' } },
    strict: true,
  });
  const current = JSON.parse(readFileSync(LOCK, 'utf8')) as ImageLock;
  const synced = syncLock(Object.values(IMAGES), current);

  if (values.check) {
    const problems = [
      ...(formatLock(synced) === formatLock(current) ? [] : ['the lock does not list exactly the images of config/images.ts']),
      ...unresolved(synced).map((ref) => `${ref} has no digest yet`),
    ];
    for (const p of problems) process.stderr.write(`images.lock.json: ${p}\n`);
    return problems.length ? 1 : 0;
  }
  if (values.offline) {
    writeFileSync(LOCK, formatLock(synced));
    process.stdout.write(`images.lock.json: ${Object.keys(synced.digests).length} images, ${unresolved(synced).length} unresolved\n`);
    return 0;
  }
  const tool = (values.tool ?? (onPath('crane') ? 'crane' : onPath('skopeo') ? 'skopeo' : undefined)) as RegistryTool | undefined;
  if (tool !== 'crane' && tool !== 'skopeo') {
    process.stderr.write('resolve-image-digests: needs crane or skopeo on PATH (or --tool crane|skopeo)\n');
    return 1;
  }
  const resolved = resolveLock(synced, registryResolver(tool));
  writeFileSync(LOCK, formatLock(resolved));
  process.stdout.write(`images.lock.json: resolved ${Object.keys(resolved.digests).length} images with ${tool}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`resolve-image-digests: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

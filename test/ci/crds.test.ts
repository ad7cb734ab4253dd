/**
 * `npm run crds` on a machine without network access (upstream pointed at a closed loopback port) and with a mirror:
 * one line with the remedy, no stack trace, nothing half-written into .crds/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_BUNDLES } from '../../scripts/lib/crds.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

/** A scratch checkout holding only what `scripts/crds.ts` needs, with no .crds/ and no default mirror beside it. */
function scratchCheckout(): string {
  const root = join(tempDir('crds-'), 'repo');
  mkdirSync(join(root, 'scripts', 'lib'), { recursive: true });
  for (const f of ['scripts/crds.ts', 'scripts/crds.lock.json', 'scripts/lib/crds.ts', 'package.json']) cpSync(join(REPO_ROOT, f), join(root, f));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

function crds(root: string, args: string[], env: Record<string, string> = {}) {
  const { CRDS_MIRROR: _m, ...base } = process.env;
  return spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/crds.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...base, CRDS_UPSTREAM: 'http://127.0.0.1:9', ...env },
    timeout: 60_000,
  });
}

describe('npm run crds', () => {
  it('fails offline with one line naming the download and the mirror remedy', () => {
    const root = scratchCheckout();
    const r = crds(root, []);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^crds: cannot download http:\/\/127\.0\.0\.1:9\/\S+ \(.*\); without network access: npm run crds -- --mirror <dir> \(or CRDS_MIRROR=<dir>\)/);
    const written = existsSync(join(root, '.crds')) ? readdirSync(join(root, '.crds'), { recursive: true }).map(String) : [];
    expect(written.filter((f) => f.endsWith('.tmp') || f.endsWith('.yaml'))).toEqual([]);
  });

  it('refuses a mirror that does not exist instead of silently going upstream', () => {
    const r = crds(scratchCheckout(), ['--mirror', '/nonexistent/crds']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('crds: the mirror /nonexistent/crds does not exist; point --mirror (or CRDS_MIRROR) at a folder laid out like ../shared/crds');
  });

  it('syncs every pinned file from a mirror (here: the CRDs this checkout already synced), verified by sha256', () => {
    const root = scratchCheckout();
    const r = crds(root, [], { CRDS_MIRROR: join(REPO_ROOT, '.crds') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^crds: pinned CRDs in \.crds\/ \(from .*\.crds\)/);
    for (const bundle of CRD_BUNDLES) {
      expect(readdirSync(join(root, '.crds', bundle.folder)).sort()).toEqual(bundle.files.map((f) => f.name).sort());
    }
  });
});

/**
 * `npm run crds` on a machine without network access (upstream pointed at a closed loopback port) and with a mirror:
 * one line with the remedy, no stack trace, nothing half-written into .crds/.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRD_BUNDLES } from '../../scripts/lib/crds.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

/** A scratch checkout holding only what `scripts/crds.ts` needs, with no .crds/ and no default mirror beside it. */
function scratchCheckout(): string {
  const root = join(tempDir('crds-'), 'repo');
  mkdirSync(join(root, 'scripts', 'lib'), { recursive: true });
  for (const f of ['scripts/crds.ts', 'scripts/crds.lock.json', 'scripts/lib/crds.ts', 'package.json']) cpSync(join(REPO_ROOT, f), join(root, f));
  cpSync(join(REPO_ROOT, 'vendor'), join(root, 'vendor'), { recursive: true });
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

  it('takes a vendored set from its folder in the repository, checked against the lock like the others', () => {
    const vendored = CRD_BUNDLES.filter((b) => b.vendored !== undefined);
    expect(vendored.map((b) => b.folder)).toContain('aws-load-balancer-controller-v3.5.0');
    const root = scratchCheckout();
    // A mirror without the vendored folder: the vendored set must not be looked for there.
    const mirror = join(tempDir('crds-mirror-'), 'crds');
    for (const b of CRD_BUNDLES.filter((x) => x.vendored === undefined)) cpSync(join(REPO_ROOT, '.crds', b.folder), join(mirror, b.folder), { recursive: true });
    expect(crds(root, [], { CRDS_MIRROR: mirror }).status).toBe(0);
    for (const b of vendored) {
      for (const f of b.files) expect(readFileSync(join(root, '.crds', b.folder, f.name), 'utf8')).toBe(readFileSync(join(REPO_ROOT, b.vendored ?? '', f.name), 'utf8'));
    }
    // A changed vendored file is refused with the file named, not copied.
    const [bundle] = vendored;
    const file = bundle?.files[0];
    if (!bundle?.vendored || !file) throw new Error('no vendored CRD set');
    const fresh = scratchCheckout();
    writeFileSync(join(fresh, bundle.vendored, file.name), `${readFileSync(join(fresh, bundle.vendored, file.name), 'utf8')}\n# edited\n`);
    const r = crds(fresh, [], { CRDS_MIRROR: mirror });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^crds: ${bundle.folder}/${file.name}: sha256 [0-9a-f]{64} does not match the lock`));
    expect(existsSync(join(fresh, '.crds', bundle.folder, file.name))).toBe(false);
  });
});

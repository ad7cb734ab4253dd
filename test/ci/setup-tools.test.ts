/**
 * scripts/setup-tools.sh against fake apt-get/apt-cache on PATH (no network): every failure is one message naming
 * what failed and how to fix it, never a bare exit 141 (SIGPIPE), and nothing half-unpacked is left in place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBin } from '../support/fake-bin.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'setup-tools.sh');

/** An `apt-cache show` answer far larger than a pipe buffer, with the wanted version first. */
const BIG_SHOW = [
  'Package: prometheus',
  'Version: 3.5.3+ds1-1',
  ...Array.from({ length: 20_000 }, (_, i) => `Description-${i}: ${'x'.repeat(60)}`),
  'Version: 3.5.2+ds1-1',
].join('\n');

function run(fakes: Record<string, string>) {
  const tools = tempDir('setup-tools-');
  const bin = fakeBin(fakes);
  const result = spawnSync('bash', [SCRIPT], { encoding: 'utf8', env: { ...process.env, TOOLS_DIR: tools, PATH: bin.path }, timeout: 60_000 });
  return { ...result, tools, bin };
}

describe('scripts/setup-tools.sh', () => {
  it('says which Debian suite could not be refreshed when apt-get update fails', () => {
    const r = run({ 'apt-get': 'echo "E: Could not resolve host" >&2; exit 100', 'apt-cache': 'exit 0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/setup-tools: error: apt-get update for Debian forky failed .*Could not resolve host.*re-run when the network is back/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads a large apt-cache answer whole (no SIGPIPE) and names the download that failed', () => {
    const r = run({
      'apt-get': 'case "$*" in *download*) echo "E: Failed to fetch" >&2; exit 100;; esac; exit 0',
      'apt-cache': `cat <<'SHOW'\n${BIG_SHOW}\nSHOW`,
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/apt-get download prometheus=3\.5\.3\+ds1-1 failed: E: Failed to fetch; check the network to the Debian mirror and re-run/);
    expect(r.bin.calls('apt-cache')[0]).toMatch(/^show prometheus /);
    // Nothing half-unpacked where the tests look for tools.
    expect(existsSync(join(r.tools, 'pkg', 'prometheus'))).toBe(false);
    expect(existsSync(join(r.tools, 'bin', 'promtool'))).toBe(false);
    expect(readdirSync(join(r.tools, 'apt')).filter((f) => f.startsWith('download.'))).toEqual([]);
  });

  it('names the pin to update when Debian no longer carries the pinned version', () => {
    const r = run({ 'apt-get': 'exit 0', 'apt-cache': `printf 'Package: prometheus\\nVersion: 3.9.0+ds1-1\\n'` });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Debian \(testing\) has no prometheus at upstream version 3\.5\.3; update the pin in scripts\/setup-tools\.sh/);
  });

  it('does not take 3.5.30 for the pinned 3.5.3', () => {
    const r = run({ 'apt-get': 'exit 0', 'apt-cache': `printf 'Package: prometheus\\nVersion: 3.5.30-1\\n'` });
    expect(r.stderr).toMatch(/has no prometheus at upstream version 3\.5\.3/);
  });
});

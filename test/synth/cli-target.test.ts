/** `--target` selects one synthesizer: what `npm run synth:k8s` / `synth:tf` and the cdk8s/cdktf CLI `app` entries run. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runSynthCli } from '../../scripts/lib/cli.js';
import { scratchRoot } from '../support/repo.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function quiet(): { stderr: () => string } {
  vi.spyOn(process.stdout, 'write').mockReturnValue(true);
  const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  return { stderr: () => err.mock.calls.map((c) => String(c[0])).join('') };
}

describe('synth --target', () => {
  it('cdk8s writes charts-out/ only', () => {
    const { root, configDir } = scratchRoot();
    quiet();
    expect(runSynthCli(['--config', configDir, '--env', 'dev', '--target', 'cdk8s'], root)).toBe(0);
    expect(readdirSync(join(root, 'charts-out'))).toEqual(['dev', 'local']); // local: the local development stack, from dev
    expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
  });

  it('cdktf writes cdktf.out/ only', () => {
    const { root, configDir } = scratchRoot();
    quiet();
    expect(runSynthCli(['--config', configDir, '--env', 'dev', '--target', 'cdktf'], root)).toBe(0);
    expect(existsSync(join(root, 'charts-out'))).toBe(false);
    expect(readdirSync(join(root, 'cdktf.out', 'stacks')).every((s) => s.startsWith('dev-'))).toBe(true);
  });

  it('rejects an unknown target with exit 2, naming it and the choices, and writes nothing', () => {
    const { root, configDir } = scratchRoot();
    const out = quiet();
    expect(runSynthCli(['--config', configDir, '--target', 'k8s'], root)).toBe(2);
    expect(out.stderr()).toContain('unknown --target "k8s"; use one of cdk8s, cdktf');
    expect(existsSync(join(root, 'charts-out'))).toBe(false);
  });
});

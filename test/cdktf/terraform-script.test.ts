/**
 * scripts/terraform.sh against a recording stand-in for the terraform binary (real Terraform cannot download
 * providers here): order of stacks, arguments, plan files, exit codes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_ORDER } from '../../cdktf/stacks/index.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';
import { synthRoot } from '../support/synthesized.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'terraform.sh');

interface Run {
  status: number | null;
  stderr: string;
  /** One line per terraform call: `<stack dir name> <args…>`. */
  calls: string[];
  out: string;
}

/** A fake `terraform`: logs its arguments, writes the -out plan file, fails when FAIL_ON matches `<dir> <cmd>`. */
function fakeTerraform(dir: string): string {
  const bin = join(dir, 'terraform');
  writeFileSync(
    bin,
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'chdir=${1#-chdir=}; shift',
      'echo "$(basename "$chdir") $*" >> "$CALLS"',
      'if [[ -n ${FAIL_ON:-} && "$(basename "$chdir") $1" == "$FAIL_ON" ]]; then echo "boom" >&2; exit 3; fi',
      'for a in "$@"; do [[ $a == -out=* ]] && echo plan > "$chdir/${a#-out=}"; done',
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(bin, 0o755);
  return bin;
}

function synthesizedOut(root: string, env: string, stacks: readonly string[] = STACK_ORDER): string {
  const out = join(root, 'cdktf.out');
  for (const s of stacks) {
    mkdirSync(join(out, 'stacks', `${env}-${s}`), { recursive: true });
    writeFileSync(join(out, 'stacks', `${env}-${s}`, 'cdk.tf.json'), '{}');
  }
  return out;
}

function run(args: string[], options: { stacks?: readonly string[]; failOn?: string; terraform?: string; prepare?: (out: string) => void } = {}): Run {
  const root = tempDir('tf-script-');
  const out = synthesizedOut(root, 'dev', options.stacks);
  options.prepare?.(out);
  const calls = join(root, 'calls.log');
  writeFileSync(calls, '');
  const result = spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUT: out, CALLS: calls, TERRAFORM: options.terraform ?? fakeTerraform(root), FAIL_ON: options.failOn ?? '' },
  });
  return { status: result.status, stderr: result.stderr, calls: readFileSync(calls, 'utf8').split('\n').filter(Boolean), out };
}

describe('scripts/terraform.sh', () => {
  it('lists the stacks in the same order as cdktf/stacks/index.ts', () => {
    const line = readFileSync(SCRIPT, 'utf8').split('\n').find((l) => l.startsWith('STACKS=('));
    expect(line).toBe(`STACKS=(${STACK_ORDER.join(' ')})`);
  });

  it('plans and applies every stack in dependency order with saved plan files', () => {
    const r = run(['dev', 'all', 'apply']);
    expect(r.status).toBe(0);
    const expected = STACK_ORDER.flatMap((s) => [
      `dev-${s} init -input=false`,
      `dev-${s} plan -input=false -out=tfplan`,
      `dev-${s} apply -input=false tfplan`,
    ]);
    expect(r.calls).toEqual(expected);
    for (const s of STACK_ORDER) expect(existsSync(join(r.out, 'stacks', `dev-${s}`, 'tfplan'))).toBe(false);
  });

  it('validates without a backend', () => {
    const r = run(['dev', 'all', 'validate']);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(STACK_ORDER.flatMap((s) => [`dev-${s} init -input=false -backend=false`, `dev-${s} validate`]));
  });

  it('saves the plan of one stack and applies that saved plan later', () => {
    const root = tempDir('tf-script-');
    const out = synthesizedOut(root, 'dev');
    const calls = join(root, 'calls.log');
    writeFileSync(calls, '');
    const env = { ...process.env, CDKTF_OUT: out, CALLS: calls, TERRAFORM: fakeTerraform(root), FAIL_ON: '' };
    expect(spawnSync('bash', [SCRIPT, 'dev', 'cluster', 'plan'], { env }).status).toBe(0);
    expect(existsSync(join(out, 'stacks', 'dev-cluster', 'tfplan'))).toBe(true);
    expect(spawnSync('bash', [SCRIPT, 'dev', 'cluster', 'apply'], { env }).status).toBe(0);
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toEqual([
      'dev-cluster init -input=false',
      'dev-cluster plan -input=false -out=tfplan',
      'dev-cluster init -input=false',
      'dev-cluster apply -input=false tfplan',
    ]);
  });

  it('stops at the first failing stack with a non-zero exit', () => {
    const r = run(['dev', 'all', 'apply'], { failOn: 'dev-cluster plan' });
    expect(r.status).toBe(3);
    expect(r.calls.at(-1)).toBe('dev-cluster plan -input=false -out=tfplan');
    expect(r.calls.some((c) => c.startsWith('dev-registry'))).toBe(false);
  });

  it('fails before running anything if a stack was not synthesized', () => {
    const r = run(['dev', 'all', 'plan'], { stacks: ['account', 'network', 'cluster'] });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/dev-registry\/cdk\.tf\.json is missing; run `npm run synth -- --env dev` first/);
    expect(r.calls).toEqual([]);
  });

  it('fails if terraform is not installed', () => {
    const r = run(['dev', 'network', 'init'], { terraform: 'terraform-that-does-not-exist' });
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(/not found on PATH/);
  });

  it.each([[['dev', 'all']], [['dev', 'nope', 'plan']], [['dev', 'all', 'destroy']], [['Dev!', 'all', 'plan']]])('rejects bad usage %j with exit 2', (args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: scripts/terraform.sh <env> <stack|all> <init|validate|plan|apply>');
  });
});

describe('synthesized stack dependencies', () => {
  it('only point at stacks that come earlier in the apply order', () => {
    // The run's shared synthesis (test/support/global-setup.ts), made the way `npm run synth` makes cdktf.out/.
    const manifestPath = join(synthRoot(), 'cdktf.out', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    const position = (name: string) => STACK_ORDER.indexOf(name.replace(/^[a-z0-9]+-/, '') as (typeof STACK_ORDER)[number]);
    expect(Object.keys(manifest.stacks)).toHaveLength(ENVIRONMENTS.length * STACK_ORDER.length);
    for (const [name, stack] of Object.entries(manifest.stacks)) {
      for (const dep of stack.dependencies) expect(position(dep), `${name} -> ${dep}`).toBeLessThan(position(name));
    }
  });
});

/**
 * The third-party IaC scan (checkov) cannot run here (no container engine, no PyPI): its job, its accepted-findings
 * file and its script are checked instead, the script against a recording stand-in for checkov.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, tempDir } from '../support/repo.js';

interface Accepted {
  readonly check: string;
  readonly framework: 'terraform_json' | 'kubernetes';
  readonly where: string;
  readonly reason: string;
  readonly review: string;
}
interface Job {
  readonly stage?: string;
  readonly image?: { readonly name: string; readonly entrypoint: readonly string[] };
  readonly extends?: string | readonly string[];
  readonly needs?: readonly string[];
  readonly script?: readonly string[];
  readonly artifacts?: { readonly paths?: readonly string[]; readonly reports?: { readonly junit?: string } };
}

const pipeline = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as Record<string, Job> & { variables: Record<string, string> };
const acceptedText = readFileSync(join(REPO_ROOT, 'ci', 'iac-scan-accepted.yaml'), 'utf8');

function runScan(files: { accepted?: string; withStacks?: boolean } = {}) {
  const dir = tempDir('iac-scan-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'checkov'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$FAKE_LOG"\n');
  chmodSync(join(bin, 'checkov'), 0o755);
  mkdirSync(join(dir, 'ci'));
  writeFileSync(join(dir, 'ci', 'iac-scan-accepted.yaml'), files.accepted ?? acceptedText);
  cpSync(join(REPO_ROOT, 'ci', 'iac-scan.sh'), join(dir, 'ci', 'iac-scan.sh'));
  mkdirSync(join(dir, 'charts-out'));
  if (files.withStacks !== false) mkdirSync(join(dir, 'cdktf.out', 'stacks'), { recursive: true });
  const log = join(dir, 'checkov.args');
  const result = spawnSync('sh', ['ci/iac-scan.sh'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log } });
  return { ...result, args: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

describe('IaC scan (checkov)', () => {
  const accepted = (parse(acceptedText) as { accepted: Accepted[] }).accepted;

  it('is a merge-request job running checkov from its own pinned image on the synthesized Terraform JSON', () => {
    const scan = pipeline['iac-scan'];
    expect(scan?.stage).toBe('scan');
    expect(scan?.extends).toBe('.credential-free');
    expect(scan?.image).toEqual({ name: '$CHECKOV_IMAGE', entrypoint: [''] });
    expect(pipeline.variables.CHECKOV_IMAGE).toMatch(/^bridgecrew\/checkov:\d+\.\d+\.\d+$/);
    expect(scan?.needs).toEqual(['iac-synth']);
    expect(scan?.script).toEqual(['sh ci/iac-scan.sh']);
    expect(scan?.artifacts?.reports?.junit).toBe('reports/checkov/results_junitxml.xml');
    const synth = pipeline['iac-synth'];
    expect(synth?.script).toEqual(['npm run synth']);
    expect(synth?.artifacts?.paths).toEqual(['cdktf.out/stacks/']);
    const rules = (pipeline['.credential-free'] as unknown as { rules: { if: string }[] }).rules.map((r) => r.if);
    expect(rules).toContain('$CI_PIPELINE_SOURCE == "merge_request_event"');
  });

  it('justifies every accepted finding once: check id, framework, where, a reason and what would end it', () => {
    expect(accepted.length).toBeGreaterThan(0);
    const ids = accepted.map((a) => a.check);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of accepted) {
      expect(Object.keys(a).sort(), a.check).toEqual(['check', 'framework', 'reason', 'review', 'where']);
      expect(a.check).toMatch(/^CKV2?_(AWS|K8S)_\d+$/);
      expect(['terraform_json', 'kubernetes']).toContain(a.framework);
      expect(a.framework === 'kubernetes', a.check).toBe(a.check.startsWith('CKV_K8S_'));
      expect(a.where.length, a.check).toBeGreaterThan(5);
      expect(a.reason.split(' ').length, `${a.check}: give the reason in a sentence`).toBeGreaterThanOrEqual(12);
      expect(a.review.length, a.check).toBeGreaterThan(3);
    }
  });

  it('runs checkov on both frameworks and both output folders, skipping exactly the accepted checks', () => {
    const { status, stderr, args } = runScan();
    expect(status, stderr).toBe(0);
    const joined = args.join(' ');
    expect(joined).toContain('--directory cdktf.out/stacks --directory charts-out');
    expect(joined).toContain('--framework terraform_json kubernetes');
    const skip = args[args.indexOf('--skip-check') + 1]?.split(',');
    expect(skip?.sort()).toEqual(accepted.map((a) => a.check).sort());
    expect(joined).toContain('--output junitxml --output-file-path console,reports/checkov');
  });

  it('refuses to scan without the synthesized stacks or with an empty accepted file', () => {
    const noStacks = runScan({ withStacks: false });
    expect(noStacks.status).toBe(2);
    expect(noStacks.stderr).toMatch(/cdktf\.out\/stacks\/ is missing/);
    const empty = runScan({ accepted: 'accepted: []\n' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/lists no accepted check/);
    expect([...noStacks.args, ...empty.args]).toEqual([]);
  });
});

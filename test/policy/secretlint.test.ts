/**
 * No credential in the repository or in charts-out/: secretlint (preset "recommend") over every file. The scanner is
 * proven to fail on planted credentials, built at run time so that this file itself stays clean.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesToScan, ignoredFolders, scanForSecrets } from '../../scripts/lib/secret-scan.js';
import { ENVIRONMENT_NAMES } from '../support/envs.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

const CONFIG = join(REPO_ROOT, '.secretlintrc.json');

/** A fresh scratch tree with the repository's secretlint config. */
function scratch(): string {
  const dir = tempDir('secretlint-');
  cpSync(CONFIG, join(dir, '.secretlintrc.json'));
  return dir;
}

describe('secretlint', () => {
  it('finds no credential in the repository, charts-out/ included', () => {
    const result = scanForSecrets(REPO_ROOT, CONFIG);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('scans charts-out/ of every environment and dotfiles, and skips only dependencies and generated bindings', () => {
    const ignored = ignoredFolders(join(REPO_ROOT, '.secretlintignore'));
    expect(ignored).toEqual(['node_modules/', '.tools/', '.crds/', 'imports/', 'reports/', 'cdktf.out/', '.cache/']);
    const files = filesToScan(REPO_ROOT, ignored);
    for (const env of ENVIRONMENT_NAMES) expect(files).toContain(`charts-out/${env}/gateway.k8s.yaml`);
    expect(files).toContain('.gitlab-ci.yml');
    for (const env of ENVIRONMENT_NAMES) expect(files).toContain(`config/environments/${env}.yaml`);
    expect(files.some((f) => f.startsWith('node_modules/'))).toBe(false);
  });

  it('fails on a private key planted in a dotfile', () => {
    const dir = scratch();
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(join(dir, '.deploy-key'), privateKey);
    const result = scanForSecrets(dir, join(dir, '.secretlintrc.json'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/\.deploy-key/);
    expect(result.output).toMatch(/private ?key/i);
  });

  it('fails on an AWS secret access key planted in a synthesized manifest', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'charts-out', 'prod'), { recursive: true });
    // 40 characters of the secret-key alphabet, ending in a letter or digit: secretlint's rule needs a word boundary
    // after the key, so a random key ending in `+` or `/` (1 run in 32) would go unreported and fail this test.
    const key = `${randomBytes(30).toString('base64').slice(0, 39)}K`;
    writeFileSync(
      join(dir, 'charts-out', 'prod', 'leak.k8s.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: leak, namespace: monitoring }\ndata:\n  aws_secret_access_key: "${key}"\n`,
    );
    const result = scanForSecrets(dir, join(dir, '.secretlintrc.json'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/charts-out\/prod\/leak\.k8s\.yaml/);
    expect(result.output).toMatch(/AWSSecretAccessKey/);
  });

  it('fails on a credential planted in an environment file under config/', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'config', 'environments'), { recursive: true });
    const tokenBody = randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 36).padEnd(36, 'x');
    const token = ['gh', 'p_', tokenBody].join('');
    writeFileSync(join(dir, 'config', 'environments', 'qa.yaml'), `name: qa\ntags:\n  owner: "${token}"\n`);
    const result = scanForSecrets(dir, join(dir, '.secretlintrc.json'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/config\/environments\/qa\.yaml/);
  });

  it('passes a clean tree (the scanner does not fail on everything)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.md'), 'The Grafana admin password lives in AWS Secrets Manager.\n');
    expect(scanForSecrets(dir, join(dir, '.secretlintrc.json')).ok).toBe(true);
  });
});

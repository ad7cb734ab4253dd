/**
 * Credential scanning with secretlint (preset "recommend", `.secretlintrc.json`) over every file of a tree,
 * dotfiles included (secretlint's own globbing skips them), minus the folders listed in `.secretlintignore`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SECRETLINT = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'secretlint');

/** Folder prefixes (`name/`) from an ignore file: one per line, `#` comments. */
export function ignoredFolders(ignoreFile: string): string[] {
  if (!existsSync(ignoreFile)) return [];
  return readFileSync(ignoreFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => (l.endsWith('/') ? l : `${l}/`));
}

/** Every file under `root` (relative paths, sorted), skipping `.git` and ignored folders. */
export function filesToScan(root: string, ignored: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.name === '.git' || ignored.some((prefix) => `${rel}/`.startsWith(prefix))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}

export interface ScanResult {
  readonly ok: boolean;
  readonly files: number;
  readonly output: string;
}

/** Runs the secretlint CLI over `root` with the given config; a missing secretlint is a failure, not a skip. */
export function scanForSecrets(root: string, configFile: string, ignoreFile = join(root, '.secretlintignore')): ScanResult {
  if (!existsSync(SECRETLINT)) throw new Error(`secretlint is not installed at ${SECRETLINT}; run npm ci`);
  const files = filesToScan(root, ignoredFolders(ignoreFile));
  if (files.length === 0) throw new Error(`no files to scan under ${root}`);
  const result = spawnSync(SECRETLINT, ['--no-glob', '--no-color', '--secretlintrc', configFile, ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`secretlint failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  return { ok: result.status === 0, files: files.length, output: `${result.stdout}${result.stderr}` };
}

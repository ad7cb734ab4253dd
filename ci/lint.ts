/**
 * `npm run lint`: checks that need no type information, over every tracked file: shell scripts parse (`bash -n`)
 * and are strict (`set -euo pipefail`, or `set -eu` for POSIX sh), YAML and JSON files parse (JSON with comments for
 * the files whose tools read it so, .devcontainer/), and no file names a floating `:latest` image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** Files read as JSON with comments and trailing commas (the dev container spec's format). */
const JSONC = /^\.devcontainer\/.*\.json$/;

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const problems: string[] = [];

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.sh')) {
    const shell = /^#!(\/bin\/sh|\/usr\/bin\/env sh)\n/.test(text) ? 'sh' : 'bash';
    const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    if (check.status !== 0) problems.push(`${file}: ${shell} -n: ${check.stderr.trim()}`);
    const sourced = text.includes('# shellcheck shell=bash');
    const strict = shell === 'sh' ? /^set -eu/m : /^set -euo pipefail/m;
    if (!sourced && !strict.test(text)) problems.push(`${file}: must start with ${shell === 'sh' ? 'set -eu' : 'set -euo pipefail'}`);
  }
  if (/\.ya?ml$/.test(file)) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) problems.push(`${file}: ${doc.errors[0]?.message}`);
    }
  }
  if (JSONC.test(file)) {
    const { error } = ts.parseConfigFileTextToJson(file, text);
    if (error) problems.push(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}`);
  } else if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (/\.(ya?ml|ts|sh)$|Dockerfile$/.test(file) && !/^(charts-out|test)\//.test(file) && file !== 'ci/lint.ts' && /image:\s*\S+:latest\b|FROM \S+:latest\b/.test(text)) {
    problems.push(`${file}: names a :latest image; pin an exact version`);
  }
}
for (const p of problems) process.stderr.write(`lint: ${p}\n`);
process.stdout.write(`lint: ${files.length} files, ${problems.length} problem(s)\n`);
process.exitCode = problems.length > 0 ? 1 : 0;

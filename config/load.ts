/**
 * Reads `config/environments/*.yaml`, validates each file against the schema and returns typed environments.
 * Every problem is reported as `<file>: <field path>: <message>`; all files are checked before anything fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { applyCapacity } from './capacity.js';
import { deriveEnvironment, type Environment } from './derive.js';
import { environmentSchema } from './schema.js';

export const ENVIRONMENTS_DIR = join(import.meta.dirname, 'environments');

/** One problem in one file, at one field path. */
export interface ConfigProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `services[1].name`, `metrics.retention`, or `(root)` for the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** ` (got "15 days")` for scalar values, so the message shows what was wrong. */
function got(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const text = JSON.stringify(value);
  return text.length <= 80 ? ` (got ${text})` : '';
}

function issuesToProblems(file: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...issue.path, key]),
        message: 'unknown key (check the spelling; see config/environment.schema.json for the allowed keys)',
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ file, path: formatPath(issue.path), message: `is required (${issue.expected})` }];
    }
    return [{ file, path: formatPath(issue.path), message: `${issue.message}${got(valueAt(raw, issue.path))}` }];
  });
}

/** Parses and validates one environment file's text. `file` is only used in messages. */
export function parseEnvironment(file: string, text: string): Environment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, path: `line ${pos.line}, column ${pos.col}`, message: `YAML syntax error: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ConfigError([{ file, path: '(root)', message: 'the file is empty; expected a mapping with name, aws, metrics, …' }]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ file, path: '(root)', message: `expected a mapping of keys, got ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  // Sizes left out are filled from the expected load (capacity section) before validation; explicit sizes win.
  const sized = applyCapacity(raw as Record<string, unknown>);
  const result = environmentSchema.safeParse(sized);
  if (!result.success) throw new ConfigError(issuesToProblems(file, sized, result.error.issues));
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (result.data.name !== expected) {
    throw new ConfigError([
      { file, path: 'name', message: `is "${result.data.name}" but the file is ${basename(file)}; name must equal the file name ("${expected}")` },
    ]);
  }
  return deriveEnvironment(result.data);
}

/** Lists environment files in `dir`, sorted by name. */
export function environmentFiles(dir: string = ENVIRONMENTS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads every environment in `dir` (or only `only`), collecting the problems of every file before throwing.
 * File names in messages are relative to the current directory, e.g. `config/environments/dev.yaml`.
 */
export function loadEnvironments(options: { dir?: string; only?: readonly string[] } = {}): Environment[] {
  const files = environmentFiles(options.dir);
  const selected = options.only?.length
    ? files.filter((f) => options.only?.includes(basename(f).replace(/\.ya?ml$/, '')))
    : files;
  if (options.only?.length) {
    const missing = options.only.filter((name) => !selected.some((f) => basename(f).replace(/\.ya?ml$/, '') === name));
    if (missing.length > 0) {
      const known = files.map((f) => basename(f).replace(/\.ya?ml$/, '')).join(', ');
      throw new ConfigError(
        missing.map((name) => ({ file: relative(process.cwd(), join(options.dir ?? ENVIRONMENTS_DIR, `${name}.yaml`)), path: '(file)', message: `no such environment; known: ${known}` })),
      );
    }
  }
  if (selected.length === 0) {
    throw new ConfigError([{ file: relative(process.cwd(), options.dir ?? ENVIRONMENTS_DIR), path: '(dir)', message: 'no environment files (*.yaml) found' }]);
  }
  const environments: Environment[] = [];
  const problems: ConfigProblem[] = [];
  for (const path of selected) {
    const file = relative(process.cwd(), path) || path;
    try {
      environments.push(parseEnvironment(file, readFileSync(path, 'utf8')));
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * Reads `config/environments/*.yaml`, validates each file against the schema and the cross-section rules
 * (config/rules.ts) and returns typed environments. Every problem is reported as `<file>: <field path>: <message>`
 * (or `<file>: line N, column M: …` for YAML-level problems); all files are checked before anything fails. Hostile
 * YAML (alias bombs, non-core tags, several documents) and credential-looking literals are refused here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { z } from 'zod';
import { applyCapacity } from './capacity.js';
import { deriveEnvironment, type Environment } from './derive.js';
import { crossSectionProblems, type ValidSections } from './rules.js';
import { environmentSchema, environmentSections } from './schema.js';
import { findSecretLiterals } from './secret-literals.js';

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

const DEFAULT = '\u0000default';

/** `string "two"`, `number 3`, `a list`, `a mapping`, `null`: what the file holds, for wrong-type messages. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length <= 60 ? text : `${text.slice(0, 57)}…`}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = { array: 'a list', object: 'a mapping', record: 'a mapping' };

function hasKey(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return true;
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path[path.length - 1] as PropertyKey);
}

function bound(value: number | bigint): string {
  return Number(value) === Number.MAX_SAFE_INTEGER ? `${value} (the largest whole number this field can hold)` : String(value);
}

/**
 * The one place zod issues become messages. A schema's own message wins; otherwise each issue code gets a plain
 * sentence (never zod's "Too big: expected int to be <=…"), and wrong types always say what was expected and found.
 */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { message: string; showGot: boolean } {
  const own = issue.message !== DEFAULT ? issue.message : undefined;
  const value = valueAt(raw, issue.path);
  const missing = issue.path.length > 0 && !hasKey(raw, issue.path);
  if (missing && (issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    return { message: `is required${own ? ` (${own})` : ''}`, showGot: false };
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (missing) return { message: `is required (${expected})`, showGot: false };
      const found = `expected ${expected}, got ${describeValue(value)}`;
      return { message: own ? `${found}; ${own}` : found, showGot: false };
    }
    case 'too_big': {
      const fallback = issue.origin === 'string'
        ? `must be at most ${bound(issue.maximum)} characters`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `must list at most ${bound(issue.maximum)} items`
          : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${bound(issue.maximum)}`;
      // A number beyond the safe-integer range is never what was meant, whatever the field's own message says.
      if (Number(issue.maximum) === Number.MAX_SAFE_INTEGER) return { message: `is far too large; ${fallback}`, showGot: true };
      return { message: own ?? fallback, showGot: true };
    }
    case 'too_small': {
      const fallback = issue.origin === 'string'
        ? Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
        : issue.origin === 'array' || issue.origin === 'set'
          ? `must list at least ${issue.minimum} item(s)`
          : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${bound(issue.minimum)}`;
      if (Number(issue.minimum) === Number.MIN_SAFE_INTEGER) return { message: `is far too small; ${fallback}`, showGot: true };
      return { message: own ?? fallback, showGot: true };
    }
    case 'invalid_value':
      return { message: own ?? `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`, showGot: true };
    case 'invalid_format':
      return { message: own ?? `must be a valid ${issue.format}`, showGot: true };
    case 'not_multiple_of':
      return { message: own ?? `must be a multiple of ${issue.divisor}`, showGot: true };
    case 'invalid_union':
      return { message: own ?? 'matches none of the allowed forms (see config/environment.schema.json)', showGot: true };
    case 'invalid_key':
      return { message: own ?? 'has an invalid key', showGot: false };
    case 'invalid_element':
      return { message: own ?? 'has an invalid element', showGot: false };
    default:
      return { message: own ?? 'is invalid (see config/environment.schema.json)', showGot: true };
  }
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
    const { message, showGot } = describeIssue(issue, raw);
    return [{ file, path: formatPath(issue.path), message: `${message}${showGot ? got(valueAt(raw, issue.path)) : ''}` }];
  });
}

/** The YAML 1.2 core schema's tags: anything else (`!!js/function`, `!!binary`, local `!tags`) is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Aliases a file may expand; more is refused as a resource-exhaustion attempt ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** Reads one YAML document, refusing several documents, non-core tags and alias bombs, with the line of each. */
function readYaml(file: string, text: string): unknown {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `line ${pos.line}, column ${pos.col}`;
  };
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0) return null;
  const errors: ConfigProblem[] = list.flatMap((doc) =>
    doc.errors.map((e) => ({ file, path: at(e.pos[0]), message: `YAML syntax error: ${e.message.split('\n')[0]}` })),
  );
  if (errors.length > 0) throw new ConfigError(errors);
  if (list.length > 1) {
    throw new ConfigError([
      { file, path: at(list[1]?.range[0]), message: `the file holds ${list.length} YAML documents; an environment file holds exactly one (remove the "---" separator)` },
    ]);
  }
  const doc = list[0] as Document.Parsed;
  const problems: ConfigProblem[] = [];
  let firstAlias: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) firstAlias ??= node.range?.[0];
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      problems.push({
        file,
        path: at(node.range?.[0]),
        message: `YAML tag "${node.tag.replace('tag:yaml.org,2002:', '!!')}" is not allowed; use plain values (only the YAML core schema's str, int, float, bool, null, map and seq)`,
      });
    }
  });
  // Warnings are about tags already reported above, or about something else the file should not rely on.
  for (const w of problems.length > 0 ? [] : doc.warnings) {
    problems.push({ file, path: at(w.pos[0]), message: `YAML: ${w.message.split('\n')[0]}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError) && !(error instanceof TypeError)) throw error;
    throw new ConfigError([
      {
        file,
        path: at(firstAlias),
        message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?) or cannot be resolved; write the values out instead of using *aliases`,
      },
    ]);
  }
}

/** The sections that validate on their own, for rules that span sections when the whole file does not validate. */
function validSections(sized: Record<string, unknown>): ValidSections {
  const out: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(environmentSections.shape)) {
    const result = (section as z.ZodType).safeParse(sized[key]);
    if (result.success) out[key] = result.data;
  }
  return out as ValidSections;
}

/** Parses and validates one environment file's text. `file` is only used in messages. */
export function parseEnvironment(file: string, text: string): Environment {
  const raw = readYaml(file, text);
  if (raw === null || raw === undefined) {
    throw new ConfigError([{ file, path: '(root)', message: 'the file is empty; expected a mapping with name, aws, metrics, …' }]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ file, path: '(root)', message: `expected a mapping of keys, got ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  const secrets: ConfigProblem[] = findSecretLiterals(raw).map((f) => ({ file, path: formatPath(f.path), message: f.message }));
  // Sizes left out are filled from the expected load (capacity section) before validation; explicit sizes win.
  const sized = applyCapacity(raw as Record<string, unknown>);
  const result = environmentSchema.safeParse(sized, { error: () => DEFAULT });
  const problems = result.success ? [] : issuesToProblems(file, sized, result.error.issues);
  // Refinements run only once every section is valid; otherwise run the cross-section rules on the valid ones.
  if (!result.success && !environmentSections.safeParse(sized).success) {
    for (const p of crossSectionProblems(validSections(sized))) {
      const [problem] = issuesToProblems(file, sized, [{ code: 'custom', path: [...p.path], message: p.message, input: undefined }]);
      if (problem) problems.push(problem);
    }
  }
  const expected = basename(file).replace(/\.ya?ml$/, '');
  const name = (raw as Record<string, unknown>).name;
  if (typeof name === 'string' && name !== expected) {
    problems.push({ file, path: 'name', message: `is "${name}" but the file is ${basename(file)}; name must equal the file name ("${expected}")` });
  }
  // A credential is reported once, as a credential, even where the schema also refuses the key or the value.
  const seen = new Set<string>();
  const all = [...secrets, ...problems.filter((p) => !secrets.some((s) => s.path === p.path))].filter((p) => {
    const id = `${p.path}\n${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (all.length > 0 || !result.success) throw new ConfigError(all);
  return deriveEnvironment(result.data);
}

/** A path as the user should read it: relative to the current directory when inside it, else absolute. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

/** Lists environment files in `dir`, sorted by name. */
export function environmentFiles(dir: string = ENVIRONMENTS_DIR): string[] {
  const shown = shownPath(dir);
  if (!existsSync(dir)) {
    throw new ConfigError([{ file: shown, path: '(dir)', message: 'no such directory; pass --config a folder of environment files (default config/environments)' }]);
  }
  if (!statSync(dir).isDirectory()) {
    throw new ConfigError([{ file: shown, path: '(dir)', message: 'is a file, not a directory; pass --config the folder that holds the environment .yaml files' }]);
  }
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
        missing.map((name) => ({ file: shownPath(join(options.dir ?? ENVIRONMENTS_DIR, `${name}.yaml`)), path: '(file)', message: `no such environment; known: ${known}` })),
      );
    }
  }
  if (selected.length === 0) {
    throw new ConfigError([{ file: shownPath(options.dir ?? ENVIRONMENTS_DIR), path: '(dir)', message: 'no environment files (*.yaml) found' }]);
  }
  const environments: Environment[] = [];
  const problems: ConfigProblem[] = [];
  for (const path of selected) {
    const file = shownPath(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push({ file, path: '(file)', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check that it is a readable file` });
      continue;
    }
    try {
      environments.push(parseEnvironment(file, text));
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

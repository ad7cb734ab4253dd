/**
 * A typed model of a Logstash pipeline and its renderer to Logstash's configuration language
 * (https://www.elastic.co/guide/en/logstash/current/configuration-file-structure.html).
 *
 * Pipelines are written as data (plugins, conditionals, field references), never as template strings, so they can be
 * composed, inspected and tested. Strings are emitted verbatim between quotes because Logstash does not process
 * escape sequences by default (`config.support_escapes: false`): a string that contains both quote characters
 * cannot be written and is rejected.
 */

/** A field reference such as `[kubernetes][namespace]`, given as its path segments. */
export interface FieldRef {
  readonly field: readonly string[];
}

/** A setting value: string, number, boolean, list, hash, or a nested plugin (e.g. a codec). */
export type Value = string | number | boolean | readonly Value[] | HashValue | Plugin;

export interface HashValue {
  readonly hash: Readonly<Record<string, Value>>;
}

/** One plugin invocation, e.g. `beats { port => 5044 }`. */
export interface Plugin {
  readonly plugin: string;
  /** Settings in order; `undefined` values are left out. */
  readonly settings?: Readonly<Record<string, Value | undefined>>;
}

/** Operands of a condition: a field, or a literal. */
export type Operand = FieldRef | string | number;

/** A condition of an `if`/`else if`. */
export type Condition =
  | { readonly exists: FieldRef }
  | { readonly not: Condition }
  | { readonly compare: '==' | '!=' | '<' | '>' | '<=' | '>='; readonly left: Operand; readonly right: Operand }
  | { readonly matches: FieldRef; readonly regex: string; readonly negate?: boolean }
  | { readonly in: Operand; readonly list: readonly (string | number)[] }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] };

/** A conditional: one or more guarded blocks and an optional `else`. */
export interface Branch {
  readonly branches: readonly { readonly when: Condition; readonly then: readonly Statement[] }[];
  readonly otherwise?: readonly Statement[];
}

export type Statement = Plugin | Branch;

/** A whole pipeline: its input, filter and output sections. */
export interface Pipeline {
  readonly input: readonly Statement[];
  readonly filter?: readonly Statement[];
  readonly output: readonly Statement[];
}

export const field = (...path: string[]): FieldRef => {
  if (path.length === 0) throw new Error('field reference needs at least one path segment');
  for (const segment of path) {
    if (segment === '' || /[[\],]/.test(segment)) {
      throw new Error(`field path segment "${segment}" is not allowed; use a non-empty name without "[", "]" or ","`);
    }
  }
  return { field: path };
};

/** `[a][b]`, as Logstash writes field references (also usable inside `%{...}` sprintf strings). */
export function fieldPath(ref: FieldRef): string {
  return ref.field.map((s) => `[${s}]`).join('');
}

const INDENT = '  ';
const BAREWORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isPlugin(v: unknown): v is Plugin {
  return typeof v === 'object' && v !== null && 'plugin' in v;
}

function isHash(v: unknown): v is HashValue {
  return typeof v === 'object' && v !== null && 'hash' in v;
}

function isFieldRef(v: unknown): v is FieldRef {
  return typeof v === 'object' && v !== null && 'field' in v;
}

/** A quoted Logstash string; rejects what cannot be written without escape processing. */
export function quote(text: string): string {
  if (!text.includes('"')) return `"${text}"`;
  if (!text.includes("'")) return `'${text}'`;
  throw new Error(`string ${JSON.stringify(text)} contains both quote characters; Logstash cannot express it without escapes`);
}

function renderNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`number ${n} cannot be written in a Logstash config; use a finite number`);
  return String(n);
}

function renderValue(value: Value, depth: number): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isPlugin(value)) return renderPlugin(value, depth).trimStart();
  if (isHash(value)) {
    const entries = Object.entries(value.hash);
    if (entries.length === 0) return '{}';
    const pad = INDENT.repeat(depth + 1);
    const lines = entries.map(([k, v]) => `${pad}${quote(k)} => ${renderValue(v, depth + 1)}`);
    return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
  }
  const list = value as readonly Value[];
  return `[${list.map((v) => renderValue(v, depth)).join(', ')}]`;
}

function renderPlugin(p: Plugin, depth: number): string {
  if (!BAREWORD.test(p.plugin)) throw new Error(`plugin name "${p.plugin}" is not a bareword; use letters, digits and "_"`);
  const pad = INDENT.repeat(depth);
  const settings = Object.entries(p.settings ?? {}).filter((e): e is [string, Value] => e[1] !== undefined);
  if (settings.length === 0) return `${pad}${p.plugin} {}`;
  const lines = settings.map(([k, v]) => {
    if (!BAREWORD.test(k)) throw new Error(`setting name "${k}" of plugin ${p.plugin} is not a bareword`);
    return `${pad}${INDENT}${k} => ${renderValue(v, depth + 1)}`;
  });
  return `${pad}${p.plugin} {\n${lines.join('\n')}\n${pad}}`;
}

function renderOperand(o: Operand): string {
  if (isFieldRef(o)) return fieldPath(o);
  if (typeof o === 'number') return renderNumber(o);
  return quote(o);
}

/** Renders a condition; compound conditions are parenthesised so precedence never matters. */
export function renderCondition(c: Condition): string {
  if ('exists' in c) return fieldPath(c.exists);
  if ('not' in c) return `!(${renderCondition(c.not)})`;
  if ('compare' in c) return `${renderOperand(c.left)} ${c.compare} ${renderOperand(c.right)}`;
  if ('matches' in c) {
    if (c.regex.includes('/')) throw new Error(`regex /${c.regex}/ contains "/"; use [/] or \\x2F instead`);
    return `${fieldPath(c.matches)} ${c.negate ? '!~' : '=~'} /${c.regex}/`;
  }
  if ('in' in c) return `${renderOperand(c.in)} in [${c.list.map((v) => (typeof v === 'number' ? renderNumber(v) : quote(v))).join(', ')}]`;
  const [parts, op] = 'all' in c ? [c.all, 'and'] : [c.any, 'or'];
  if (parts.length === 0) throw new Error(`an empty "${op === 'and' ? 'all' : 'any'}" condition means nothing; give at least one condition`);
  return parts.map((p) => `(${renderCondition(p)})`).join(` ${op} `);
}

function renderStatements(statements: readonly Statement[], depth: number): string[] {
  return statements.map((s) => (isPlugin(s) ? renderPlugin(s, depth) : renderBranch(s, depth)));
}

function renderBranch(b: Branch, depth: number): string {
  if (b.branches.length === 0) throw new Error('a conditional needs at least one branch');
  const pad = INDENT.repeat(depth);
  const block = (body: readonly Statement[]) => {
    if (body.length === 0) throw new Error('a conditional block is empty; drop the branch instead');
    return `{\n${renderStatements(body, depth + 1).join('\n')}\n${pad}}`;
  };
  const parts = b.branches.map((br, i) => `${i === 0 ? 'if' : 'else if'} ${renderCondition(br.when)} ${block(br.then)}`);
  if (b.otherwise) parts.push(`else ${block(b.otherwise)}`);
  return pad + parts.join(' ');
}

/** The pipeline in Logstash's configuration language. */
export function renderPipeline(pipeline: Pipeline): string {
  if (pipeline.input.length === 0) throw new Error('a pipeline needs at least one input');
  if (pipeline.output.length === 0) throw new Error('a pipeline needs at least one output');
  const section = (name: string, body: readonly Statement[]) => `${name} {\n${renderStatements(body, 1).join('\n')}\n}\n`;
  return [
    section('input', pipeline.input),
    ...(pipeline.filter && pipeline.filter.length > 0 ? [section('filter', pipeline.filter)] : []),
    section('output', pipeline.output),
  ].join('\n');
}

/**
 * The YAML text cdk8s writes for a manifest, produced without building a `yaml` document tree.
 *
 * cdk8s serializes each object with `YAML.stringify(object, { keepUndefined: true, lineWidth: 0, version: '1.1' })`
 * and joins the documents with `---`. Building the document tree for every object is the largest single cost of a
 * large synthesis (a quarter of it at 1,000 services). {@link stringifyManifests} lays out maps and sequences itself
 * (block style, two-space indent, sequences indented under their key, as the library does) and asks the library only
 * how to write a scalar, once per distinct value, except for the two common cases it mirrors exactly: strings the
 * library certainly writes plain (one line, no indicator, nothing YAML 1.1 reads as another type) and multi-line
 * strings it writes as `|`/`|-` literal blocks (dashboards, rule expressions, configuration files).
 *
 * Anything outside that model (an object reached twice, which the library writes as an anchor; a non-plain object; a
 * block scalar with kept or folded line ends; a key that is not a plain word) makes the whole
 * document go through the library, so the output is byte-identical to cdk8s's in every case
 * (test/synth/fast-yaml.test.ts compares both on every shipped environment and on hostile values).
 */
import { Document, stringify } from 'yaml';

/** The options cdk8s passes to the `yaml` library (cdk8s/lib/yaml.js, `Yaml.stringify`). */
export const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** Thrown inside the fast path when a value is outside its model; the document then goes through the library. */
class OutsideModel extends Error {}

/** Characters the library always writes double-quoted (its own test in `stringifyString`). */
const FORCE_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** What the library's `plainString` refuses to write plain (its own test, for block context). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** The library's document-marker test; how it treats such strings depends on the depth, so they are left to it. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** The YAML 1.1 tags that would read a plain scalar as something other than a string (the library's own tests). */
const OTHER_TYPES: readonly RegExp[] = (() => {
  const { schema } = new Document(null, CDK8S_YAML_OPTIONS);
  const tests: RegExp[] = [];
  for (const tag of [...schema.tags, ...(schema.compat ?? [])]) {
    const test = 'test' in tag ? tag.test : undefined;
    if (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && test) tests.push(test);
  }
  return tests;
})();

/** Answers of {@link certainlyPlain} for short strings: keys, labels and names repeat in every manifest. */
const plainCache = new Map<string, boolean>();
const PLAIN_CACHE_MAX_LENGTH = 256;
const PLAIN_CACHE_MAX_ENTRIES = 100_000;

/**
 * True when the library certainly writes `value` unchanged as a plain scalar (a map key or a value in block
 * context): one line, nothing it would quote, and nothing YAML 1.1 would read as another type. False means "ask the
 * library", not "quoted".
 */
function certainlyPlain(value: string): boolean {
  const known = plainCache.get(value);
  if (known !== undefined) return known;
  const plain = checkPlain(value);
  if (value.length <= PLAIN_CACHE_MAX_LENGTH && plainCache.size < PLAIN_CACHE_MAX_ENTRIES) plainCache.set(value, plain);
  return plain;
}

function checkPlain(value: string): boolean {
  return (
    value !== '' &&
    !value.includes('\n') &&
    !NOT_PLAIN.test(value) &&
    !FORCE_DOUBLE_QUOTES.test(value) &&
    !DOCUMENT_MARKER.test(value) &&
    !OTHER_TYPES.some((test) => test.test(value))
  );
}

/**
 * A multi-line string as the library writes it as a literal block scalar (`|` or `|-`) whose continuation lines are at
 * `indent`, or undefined when it would do something else (leading spaces or newlines, kept line ends, whitespace
 * after the last line break, characters that force quotes).
 */
function literalBlock(value: string, indent: string): string | undefined {
  const first = value[0];
  if (first === ' ' || first === '\n' || /\n[\t ]+$/.test(value) || FORCE_DOUBLE_QUOTES.test(value)) return undefined;
  let endStart = value.length;
  for (; endStart > 0; endStart--) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  const end = value.slice(endStart);
  const newline = end.indexOf('\n');
  let chomp: '' | '-';
  let body: string;
  if (newline === -1) {
    chomp = '-';
    body = value;
  } else if (newline === end.length - 1 && endStart > 0) {
    chomp = '';
    body = value.slice(0, -1);
  } else return undefined;
  return `|${chomp}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

const valueCache = new Map<string | number | boolean, readonly string[]>();

/**
 * How the library writes `value` as the value of a map entry one level deep, as lines: the first follows `key: `,
 * the others (block scalars, folded quotes) start with the two-space indent of that level.
 */
function scalarLines(value: string | number | boolean): readonly string[] {
  const cached = valueCache.get(value);
  if (cached) return cached;
  const text = stringify({ k: value }, CDK8S_YAML_OPTIONS);
  if (!text.startsWith('k: ') || !text.endsWith('\n')) throw new OutsideModel();
  const lines = text.slice(3, -1).split('\n');
  const first = lines[0] ?? '';
  // Kept (`|+`) and folded (`>`) block scalars interact with what follows them; leave them to the library.
  if (/^[|>][0-9]*\+/.test(first) || first.startsWith('>')) throw new OutsideModel();
  for (const line of lines.slice(1)) if (line !== '' && !line.startsWith('  ')) throw new OutsideModel();
  valueCache.set(value, lines);
  return lines;
}

/**
 * A key the library certainly writes as it is (plain, shorter than the 1,024 characters above which it writes
 * an explicit `? ` key). How it writes other keys depends on the depth (document markers, `\u2028`), so a document
 * with such a key goes through the library.
 */
function keyText(key: string): string {
  if (key.length <= 1000 && certainlyPlain(key)) return key;
  throw new OutsideModel();
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

class Writer {
  readonly out: string[] = [];
  private readonly seen = new Set<object>();

  /**
   * Appends a scalar (or an empty collection) to the current line; `indent` is the indent of its continuation lines.
   * Returns false when `value` is a non-empty collection (the caller lays it out).
   */
  private inline(value: unknown, indent: string): boolean {
    switch (typeof value) {
      case 'undefined':
        this.out.push('null');
        return true;
      case 'boolean':
        this.out.push(value ? 'true' : 'false');
        return true;
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) this.out.push(String(value));
        else this.lines(scalarLines(value), indent);
        return true;
      case 'string': {
        if (certainlyPlain(value)) {
          this.out.push(value);
          return true;
        }
        const block = value.includes('\n') ? literalBlock(value, indent) : undefined;
        if (block !== undefined) this.out.push(block);
        else this.lines(scalarLines(value), indent);
        return true;
      }
      case 'object':
        if (value === null) {
          this.out.push('null');
          return true;
        }
        if (Array.isArray(value)) {
          if (value.length > 0) return false;
          this.enter(value);
          this.out.push('[]');
          return true;
        }
        if (!isPlainObject(value)) throw new OutsideModel();
        for (const _ in value) return false;
        this.enter(value);
        this.out.push('{}');
        return true;
      default:
        throw new OutsideModel();
    }
  }

  private lines(lines: readonly string[], indent: string): void {
    this.out.push(lines[0] ?? '');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] ?? '';
      this.out.push(line === '' ? '\n' : `\n${indent}${line.slice(2)}`);
    }
  }

  /** The library writes an object met twice as an anchor and an alias: not modelled. */
  private enter(value: object): void {
    if (this.seen.has(value)) throw new OutsideModel();
    this.seen.add(value);
  }

  /** Map entries, the first one on the current line, the others on new lines at `indent`. */
  map(value: Record<string, unknown>, indent: string): void {
    this.enter(value);
    const inner = `${indent}  `;
    let first = true;
    for (const key of Object.keys(value)) {
      if (!first) this.out.push(`\n${indent}`);
      first = false;
      this.out.push(keyText(key));
      const child = value[key];
      this.out.push(':');
      this.value(child, inner, `\n${inner}`);
    }
  }

  /** Sequence items, the first one on the current line, the others on new lines at `indent`. */
  seq(value: readonly unknown[], indent: string): void {
    this.enter(value);
    const inner = `${indent}  `;
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.out.push(`\n${indent}`);
      this.out.push('- ');
      const item = value[i];
      if (this.inline(item, inner)) continue;
      if (Array.isArray(item)) this.seq(item, inner);
      else this.map(item as Record<string, unknown>, inner);
    }
  }

  /** A map entry's value after `key:`; collections start on a new line (`lead`) at `inner`. */
  private value(child: unknown, inner: string, lead: string): void {
    this.out.push(' ');
    if (this.inline(child, inner)) return;
    this.out.pop();
    this.out.push(lead);
    if (Array.isArray(child)) this.seq(child, inner);
    else this.map(child as Record<string, unknown>, inner);
  }
}

/**
 * The layout of one document without the library's document tree, or undefined when the document is outside what
 * the layout models (then only the library knows how it is written).
 */
export function layoutManifest(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
  try {
    const writer = new Writer();
    writer.map(doc, '');
    writer.out.push('\n');
    return writer.out.join('');
  } catch (error) {
    if (error instanceof OutsideModel) return undefined;
    throw error;
  }
}

/** One document, as `YAML.stringify(doc, CDK8S_YAML_OPTIONS)` writes it. */
export function stringifyManifest(doc: unknown): string {
  return layoutManifest(doc) ?? stringify(doc, CDK8S_YAML_OPTIONS);
}

/** Several documents, as cdk8s's `Yaml.stringify(...docs)` writes them (an undefined document is an empty line). */
export function stringifyManifests(docs: readonly unknown[]): string {
  return docs.map((d) => (d === undefined ? '\n' : stringifyManifest(d))).join('---\n');
}

/**
 * A small, strict parser for Logstash's configuration language, following the grammar of
 * logstash-core/lib/logstash/config/grammar.treetop (sections, plugins, attributes, values, if/else if/else with
 * conditions). It builds a tree the tests can query, and throws `LogstashSyntaxError` with a line and column on
 * anything the real grammar would reject (so a test cannot pass by parsing everything).
 */

export type LsValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'bareword'; readonly value: string }
  | { readonly type: 'array'; readonly items: readonly LsValue[] }
  | { readonly type: 'hash'; readonly entries: readonly { readonly key: string; readonly value: LsValue }[] }
  | { readonly type: 'plugin'; readonly plugin: LsPlugin };

export interface LsPlugin {
  readonly kind: 'plugin';
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly value: LsValue }[];
}

export type LsCondition =
  | { readonly type: 'selector'; readonly path: readonly string[] }
  | { readonly type: 'not'; readonly operand: LsCondition }
  | { readonly type: 'compare'; readonly op: string; readonly left: LsRvalue; readonly right: LsRvalue }
  | { readonly type: 'regex'; readonly op: '=~' | '!~'; readonly left: LsRvalue; readonly pattern: string }
  | { readonly type: 'in'; readonly negate: boolean; readonly left: LsRvalue; readonly right: LsRvalue }
  | { readonly type: 'bool'; readonly op: 'and' | 'or' | 'xor' | 'nand'; readonly left: LsCondition; readonly right: LsCondition }
  | { readonly type: 'rvalue'; readonly value: LsRvalue };

export type LsRvalue =
  | { readonly type: 'selector'; readonly path: readonly string[] }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'regexp'; readonly pattern: string }
  | { readonly type: 'array'; readonly items: readonly LsValue[] };

export interface LsBranch {
  readonly kind: 'branch';
  readonly clauses: readonly { readonly condition: LsCondition | null; readonly body: readonly LsStatement[] }[];
}

export type LsStatement = LsPlugin | LsBranch;

export interface LsSection {
  readonly type: 'input' | 'filter' | 'output';
  readonly body: readonly LsStatement[];
}

export interface LsConfig {
  readonly sections: readonly LsSection[];
}

export class LogstashSyntaxError extends Error {}

const BAREWORD = /[A-Za-z_][A-Za-z0-9_]+/y;
const NAME = /[A-Za-z0-9_-]+/y;
const NUMBER = /-?[0-9]+(\.[0-9]*)?/y;
const SELECTOR_ELEMENT = /\[[^\],]+\]/y;
const COMPARE = /==|!=|<=|>=|<|>/y;
const BOOLEAN = /(and|or|xor|nand)(?![A-Za-z0-9_])/y;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length;
    const column = this.pos - before.lastIndexOf('\n');
    throw new LogstashSyntaxError(`${message} at line ${line}, column ${column}`);
  }

  /** Whitespace and `#` comments. */
  skip(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  peek(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected "${s}"`);
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  keyword(word: string): boolean {
    if (!this.peek(word)) return false;
    const next = this.text[this.pos + word.length];
    if (next !== undefined && /[A-Za-z0-9_]/.test(next)) return false;
    this.pos += word.length;
    return true;
  }

  config(): LsConfig {
    const sections: LsSection[] = [];
    this.skip();
    while (this.pos < this.text.length) {
      sections.push(this.section());
      this.skip();
    }
    if (sections.length === 0) this.fail('expected a plugin section (input, filter or output)');
    return { sections };
  }

  section(): LsSection {
    const type = (['input', 'filter', 'output'] as const).find((t) => this.keyword(t));
    if (!type) this.fail('expected "input", "filter" or "output"');
    this.skip();
    this.expect('{');
    const body = this.statements();
    this.expect('}');
    return { type, body };
  }

  /** `(branch_or_plugin _)*` up to a closing brace. */
  statements(): LsStatement[] {
    const body: LsStatement[] = [];
    this.skip();
    while (!this.peek('}')) {
      if (this.pos >= this.text.length) this.fail('unexpected end of input, expected "}"');
      body.push(this.keyword('if') ? this.branch() : this.plugin());
      this.skip();
    }
    return body;
  }

  branch(): LsBranch {
    const clauses: { condition: LsCondition | null; body: LsStatement[] }[] = [];
    const block = () => {
      this.skip();
      this.expect('{');
      const body = this.statements();
      this.expect('}');
      return body;
    };
    this.skip();
    let condition = this.condition();
    clauses.push({ condition, body: block() });
    for (;;) {
      const save = this.pos;
      this.skip();
      if (!this.keyword('else')) {
        this.pos = save;
        break;
      }
      this.skip();
      if (this.keyword('if')) {
        this.skip();
        condition = this.condition();
        clauses.push({ condition, body: block() });
      } else {
        clauses.push({ condition: null, body: block() });
        break;
      }
    }
    return { kind: 'branch', clauses };
  }

  plugin(): LsPlugin {
    const name = this.match(NAME) ?? (this.peek('"') || this.peek("'") ? this.string() : undefined);
    if (name === undefined) this.fail('expected a plugin name');
    this.skip();
    this.expect('{');
    this.skip();
    const attributes: { name: string; value: LsValue }[] = [];
    while (!this.peek('}')) {
      if (attributes.length > 0 && !/\s/.test(this.text[this.pos - 1] ?? '')) this.fail('expected whitespace between attributes');
      const attr = this.match(NAME) ?? (this.peek('"') || this.peek("'") ? this.string() : undefined);
      if (attr === undefined) this.fail(`expected an attribute name or "}" in plugin ${name}`);
      this.skip();
      this.expect('=>');
      this.skip();
      attributes.push({ name: attr, value: this.value() });
      this.skip();
    }
    this.expect('}');
    return { kind: 'plugin', name, attributes };
  }

  string(): string {
    const q = this.text[this.pos];
    if (q !== '"' && q !== "'") this.fail('expected a string');
    this.pos++;
    const start = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== q) {
      this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    }
    if (this.pos >= this.text.length) this.fail('unterminated string');
    const value = this.text.slice(start, this.pos);
    this.pos++;
    return value;
  }

  number(): number | undefined {
    const n = this.match(NUMBER);
    return n === undefined ? undefined : Number(n);
  }

  value(): LsValue {
    if (this.peek('"') || this.peek("'")) return { type: 'string', value: this.string() };
    if (this.peek('[')) return { type: 'array', items: this.array() };
    if (this.peek('{')) return this.hash();
    const save = this.pos;
    const n = this.number();
    if (n !== undefined && !/[A-Za-z_]/.test(this.text[this.pos] ?? '')) return { type: 'number', value: n };
    this.pos = save;
    const word = this.match(BAREWORD);
    if (word !== undefined) {
      const after = this.pos;
      this.skip();
      if (this.peek('{')) {
        this.pos = save;
        return { type: 'plugin', plugin: this.plugin() };
      }
      this.pos = after;
      return { type: 'bareword', value: word };
    }
    return this.fail('expected a value (string, number, bareword, array, hash or plugin)');
  }

  array(): LsValue[] {
    this.expect('[');
    this.skip();
    const items: LsValue[] = [];
    if (this.eat(']')) return items;
    for (;;) {
      items.push(this.value());
      this.skip();
      if (this.eat(']')) return items;
      this.expect(',');
      this.skip();
    }
  }

  hash(): LsValue {
    this.expect('{');
    this.skip();
    const entries: { key: string; value: LsValue }[] = [];
    while (!this.peek('}')) {
      let key: string | undefined;
      if (this.peek('"') || this.peek("'")) key = this.string();
      else key = this.match(NUMBER) ?? this.match(BAREWORD);
      if (key === undefined) this.fail('expected a hash key (string, number or bareword) or "}"');
      this.skip();
      this.expect('=>');
      this.skip();
      entries.push({ key, value: this.value() });
      this.skip();
    }
    this.expect('}');
    return { type: 'hash', entries };
  }

  condition(): LsCondition {
    let left = this.expression();
    for (;;) {
      const save = this.pos;
      this.skip();
      const op = this.match(BOOLEAN) as 'and' | 'or' | 'xor' | 'nand' | undefined;
      if (!op) {
        this.pos = save;
        return left;
      }
      this.skip();
      left = { type: 'bool', op, left, right: this.expression() };
    }
  }

  expression(): LsCondition {
    if (this.eat('(')) {
      this.skip();
      const inner = this.condition();
      this.skip();
      this.expect(')');
      return inner;
    }
    if (this.eat('!')) {
      this.skip();
      if (this.eat('(')) {
        this.skip();
        const inner = this.condition();
        this.skip();
        this.expect(')');
        return { type: 'not', operand: inner };
      }
      const path = this.selector();
      if (!path) this.fail('expected "(" or a field reference after "!"');
      return { type: 'not', operand: { type: 'selector', path } };
    }
    const left = this.rvalue();
    const save = this.pos;
    this.skip();
    const regexOp = this.eat('=~') ? '=~' : this.eat('!~') ? '!~' : undefined;
    if (regexOp) {
      this.skip();
      const right = this.rvalue();
      if (right.type !== 'regexp' && right.type !== 'string') this.fail('expected a regexp or string after a match operator');
      return { type: 'regex', op: regexOp, left, pattern: right.type === 'regexp' ? right.pattern : right.value };
    }
    const cmp = this.match(COMPARE);
    if (cmp) {
      this.skip();
      return { type: 'compare', op: cmp, left, right: this.rvalue() };
    }
    if (this.keyword('not')) {
      this.skip();
      if (!this.keyword('in')) this.fail('expected "in" after "not"');
      this.skip();
      return { type: 'in', negate: true, left, right: this.rvalue() };
    }
    if (this.keyword('in')) {
      this.skip();
      return { type: 'in', negate: false, left, right: this.rvalue() };
    }
    this.pos = save;
    return left.type === 'selector' ? left : { type: 'rvalue', value: left };
  }

  selector(): string[] | undefined {
    const path: string[] = [];
    for (;;) {
      const el = this.match(SELECTOR_ELEMENT);
      if (el === undefined) break;
      path.push(el.slice(1, -1));
    }
    return path.length > 0 ? path : undefined;
  }

  rvalue(): LsRvalue {
    if (this.peek('"') || this.peek("'")) return { type: 'string', value: this.string() };
    if (this.peek('/')) {
      this.pos++;
      const start = this.pos;
      while (this.pos < this.text.length && this.text[this.pos] !== '/') {
        if (this.text[this.pos] === '\n') this.fail('unterminated regexp');
        this.pos += this.text[this.pos] === '\\' ? 2 : 1;
      }
      if (this.pos >= this.text.length) this.fail('unterminated regexp');
      const pattern = this.text.slice(start, this.pos);
      this.pos++;
      return { type: 'regexp', pattern };
    }
    const path = this.selector();
    if (path) return { type: 'selector', path };
    if (this.peek('[')) return { type: 'array', items: this.array() };
    const n = this.number();
    if (n !== undefined) return { type: 'number', value: n };
    return this.fail('expected a field reference, string, number, regexp or list in a condition');
  }
}

/** Parses a Logstash pipeline configuration; throws LogstashSyntaxError on invalid input. */
export function parseLogstashConfig(text: string): LsConfig {
  return new Parser(text).config();
}

/** Every plugin in a list of statements, branches included (depth first, in order). */
export function allPlugins(statements: readonly LsStatement[]): LsPlugin[] {
  return statements.flatMap((s) => (s.kind === 'plugin' ? [s] : s.clauses.flatMap((c) => allPlugins(c.body))));
}

/** An attribute's value, or undefined. */
export function attribute(plugin: LsPlugin, name: string): LsValue | undefined {
  return plugin.attributes.find((a) => a.name === name)?.value;
}

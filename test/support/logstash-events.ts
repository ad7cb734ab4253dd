/**
 * Runs one event through the filter section of a parsed Logstash config (test/support/logstash-parser.ts), so tests
 * can assert what a pipeline does to an event, not only how it is written.
 *
 * It covers the conditions and the plugin settings the platform's pipeline uses, with Logstash's documented
 * semantics (https://www.elastic.co/guide/en/logstash/current/filter-plugins.html):
 * - `json` (source, target, skip_on_invalid_json; `_jsonparsefailure` otherwise);
 * - `mutate` (gsub, lowercase, copy, then add_field, in the plugin's fixed order);
 * - `date` (match with ISO8601, target, tag_on_failure; a missing source field does nothing).
 * Anything else (another plugin, setting, date format or condition) throws, so a test can never pass because a
 * step was silently skipped.
 */
import { attribute, type LsCondition, type LsConfig, type LsPlugin, type LsRvalue, type LsStatement, type LsValue } from './logstash-parser.js';

export type EventValue = string | number | boolean | null | EventValue[] | { [key: string]: EventValue };
export type LsEvent = { [key: string]: EventValue };

const isObject = (v: EventValue | undefined): v is { [key: string]: EventValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[a][b]` (or a bare `a`) as path segments. */
export function parseFieldRef(ref: string): string[] {
  if (!ref.startsWith('[')) return [ref];
  const parts = [...ref.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '');
  if (parts.join('').length + parts.length * 2 !== ref.length) throw new Error(`unsupported field reference ${ref}`);
  return parts;
}

export function getField(event: LsEvent, path: readonly string[]): EventValue | undefined {
  let node: EventValue | undefined = event;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function setField(event: LsEvent, path: readonly string[], value: EventValue): void {
  let node: { [key: string]: EventValue } = event;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isObject(next)) node[key] = {};
    node = node[key] as { [key: string]: EventValue };
  }
  node[path[path.length - 1] ?? ''] = value;
}

function addTag(event: LsEvent, tag: string): void {
  const tags = Array.isArray(event.tags) ? event.tags : [];
  if (!tags.includes(tag)) tags.push(tag);
  event.tags = tags;
}

function toJs(v: LsValue): EventValue {
  switch (v.type) {
    case 'string':
    case 'bareword':
      return v.value;
    case 'number':
      return v.value;
    case 'array':
      return v.items.map(toJs);
    case 'hash':
      return Object.fromEntries(v.entries.map((e) => [e.key, toJs(e.value)]));
    case 'plugin':
      throw new Error(`nested plugin ${v.plugin.name} is not simulated`);
  }
}

const setting = (p: LsPlugin, name: string): EventValue | undefined => {
  const v = attribute(p, name);
  return v === undefined ? undefined : toJs(v);
};
const strings = (v: EventValue | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** `%{[a][b]}` references replaced by the event's values; a missing field stays literal, as in Logstash. */
function sprintf(event: LsEvent, text: string): string {
  return text.replace(/%\{([^}]+)\}/g, (whole, ref: string) => {
    const v = getField(event, parseFieldRef(ref));
    return v === undefined || v === null ? whole : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function rvalue(event: LsEvent, r: LsRvalue): EventValue | undefined {
  switch (r.type) {
    case 'selector':
      return getField(event, r.path);
    case 'string':
    case 'number':
      return r.value;
    default:
      throw new Error(`condition operand ${r.type} is not simulated`);
  }
}

function truthy(v: EventValue | undefined): boolean {
  return v !== undefined && v !== null && v !== false;
}

function condition(event: LsEvent, c: LsCondition): boolean {
  switch (c.type) {
    case 'selector':
      return truthy(getField(event, c.path));
    case 'rvalue':
      return truthy(rvalue(event, c.value));
    case 'not':
      return !condition(event, c.operand);
    case 'regex': {
      const v = rvalue(event, c.left);
      const hit = typeof v === 'string' && new RegExp(c.pattern).test(v);
      return c.op === '=~' ? hit : !hit;
    }
    case 'compare': {
      const [l, r] = [rvalue(event, c.left), rvalue(event, c.right)];
      if (c.op === '==') return l === r;
      if (c.op === '!=') return l !== r;
      throw new Error(`comparison ${c.op} is not simulated`);
    }
    case 'bool': {
      const [l, r] = [condition(event, c.left), condition(event, c.right)];
      if (c.op === 'and') return l && r;
      if (c.op === 'or') return l || r;
      throw new Error(`boolean operator ${c.op} is not simulated`);
    }
    case 'in':
      throw new Error('"in" conditions are not simulated');
  }
}

/** Joda's ISO8601 as Logstash's date filter reads it: date, `T` or space, time, optional fraction and offset. */
const ISO8601 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The instant of an ISO8601 string, or undefined when it is not one. Without an offset, UTC (`timezone` unset). */
export function parseIso8601(text: string): Date | undefined {
  const m = ISO8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const offset = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${offset}`);
  // Rejects values JavaScript would roll over (month 13, 25:00); Joda rejects them too.
  if (Number.isNaN(date.getTime()) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return date;
}

const KNOWN: Readonly<Record<string, readonly string[]>> = {
  json: ['id', 'source', 'target', 'skip_on_invalid_json'],
  mutate: ['id', 'gsub', 'lowercase', 'copy', 'add_field'],
  date: ['id', 'match', 'target', 'tag_on_failure'],
};

function plugin(event: LsEvent, p: LsPlugin): void {
  const known = KNOWN[p.name];
  if (!known) throw new Error(`filter plugin ${p.name} is not simulated`);
  for (const a of p.attributes) if (!known.includes(a.name)) throw new Error(`setting ${a.name} of ${p.name} is not simulated`);
  if (p.name === 'json') {
    const source = getField(event, parseFieldRef(String(setting(p, 'source'))));
    if (typeof source !== 'string') return;
    let parsed: EventValue;
    try {
      parsed = JSON.parse(source) as EventValue;
    } catch {
      if (setting(p, 'skip_on_invalid_json') !== 'true') addTag(event, '_jsonparsefailure');
      return;
    }
    const target = setting(p, 'target');
    if (target === undefined) {
      if (isObject(parsed)) Object.assign(event, parsed);
    } else setField(event, parseFieldRef(String(target)), parsed);
    return;
  }
  if (p.name === 'mutate') {
    const gsub = strings(setting(p, 'gsub'));
    for (let i = 0; i + 2 < gsub.length; i += 3) {
      const path = parseFieldRef(gsub[i] ?? '');
      const v = getField(event, path);
      if (typeof v === 'string') setField(event, path, v.replace(new RegExp(gsub[i + 1] ?? '', 'g'), gsub[i + 2] ?? ''));
    }
    for (const ref of strings(setting(p, 'lowercase'))) {
      const v = getField(event, parseFieldRef(ref));
      if (typeof v === 'string') setField(event, parseFieldRef(ref), v.toLowerCase());
    }
    const copy = setting(p, 'copy');
    if (isObject(copy)) {
      for (const [from, to] of Object.entries(copy)) {
        const v = getField(event, parseFieldRef(from));
        if (v !== undefined) setField(event, parseFieldRef(String(to)), structuredClone(v));
      }
    }
    const add = setting(p, 'add_field');
    if (isObject(add)) {
      for (const [ref, value] of Object.entries(add)) {
        const path = parseFieldRef(sprintf(event, ref));
        const text = sprintf(event, String(value));
        const existing = getField(event, path);
        setField(event, path, existing === undefined ? text : [...(Array.isArray(existing) ? existing : [existing]), text]);
      }
    }
    return;
  }
  // date
  const [ref, ...formats] = strings(setting(p, 'match'));
  for (const f of formats) if (f !== 'ISO8601') throw new Error(`date format ${f} is not simulated`);
  const value = getField(event, parseFieldRef(ref ?? ''));
  if (value === undefined) return;
  const instant = typeof value === 'string' ? parseIso8601(value) : undefined;
  if (!instant) {
    const tags = setting(p, 'tag_on_failure');
    for (const tag of tags === undefined ? ['_dateparsefailure'] : strings(tags)) addTag(event, tag);
    return;
  }
  setField(event, parseFieldRef(String(setting(p, 'target') ?? '@timestamp')), instant.toISOString());
}

function run(event: LsEvent, statements: readonly LsStatement[]): void {
  for (const s of statements) {
    if (s.kind === 'plugin') plugin(event, s);
    else {
      const clause = s.clauses.find((c) => c.condition === null || condition(event, c.condition));
      if (clause) run(event, clause.body);
    }
  }
}

/**
 * The event after the config's filter section. `@timestamp` starts as `readAt` (what the Beats input sets from
 * Filebeat's read time), the way Logstash sees an event arrive.
 */
export function filterEvent(config: LsConfig, input: LsEvent, readAt: Date): LsEvent {
  const event: LsEvent = { '@timestamp': readAt.toISOString(), ...structuredClone(input) };
  const filter = config.sections.filter((s) => s.type === 'filter').flatMap((s) => s.body);
  run(event, filter);
  return event;
}

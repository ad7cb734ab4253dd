/**
 * Promotion: set one catalog service's deployed image (`services[name=<service>].image.digest`, and `image.tag` when
 * given) in an environment file, changing nothing else in the file: not a comment, not a blank line, not the quoting
 * or alignment of any other value. The YAML Document API locates the nodes; the edit splices the original text at
 * their source ranges, and the result is parsed again and compared with the intended change before anything is
 * written.
 *
 * Deliberately independent of the zod schema: it works on the YAML tree, so it runs before the schema knows `image`.
 */
import { isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';

/** `sha256:` and 64 lowercase hex digits: the form registries report and `kubectl` accepts. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** An OCI tag: up to 128 characters of `[A-Za-z0-9_.-]`, not starting with `.` or `-`. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export class PromoteError extends Error {}

export interface PromoteRequest {
  /** The catalog service's `name`. */
  readonly service: string;
  /** `sha256:<64 hex>`. */
  readonly digest: string;
  /** The image tag; left as it is when not given. */
  readonly tag?: string;
}

export interface Change {
  /** Dotted path of the changed value, e.g. `services[sample-api].image.digest`. */
  readonly path: string;
  readonly from: string | undefined;
  readonly to: string;
}

export interface PromoteResult {
  readonly text: string;
  readonly changes: readonly Change[];
}

/** Checks the request's own values; throws a PromoteError naming the bad value. */
export function checkRequest(request: PromoteRequest): void {
  if (!DIGEST_PATTERN.test(request.digest)) {
    throw new PromoteError(
      `--digest: "${request.digest}" is not an image digest; expected sha256: followed by 64 lowercase hex digits (the digest the registry reported for the push)`,
    );
  }
  if (request.tag !== undefined && !TAG_PATTERN.test(request.tag)) {
    throw new PromoteError(`--tag: "${request.tag}" is not a valid image tag; use up to 128 of [A-Za-z0-9_.-], not starting with . or -`);
  }
}

/** End offset of a pair's value in the source, or `fallback` when the value has no range (e.g. `key:` with no value). */
function valueEnd(pair: Pair | undefined, fallback: number): number {
  const value = pair?.value;
  return isNode(value) && value.range ? value.range[1] : fallback;
}

interface Located {
  readonly map: YAMLMap;
  readonly index: number;
}

/** The `services` item whose `name` is `service`. */
function findService(doc: Document, file: string, service: string): Located {
  const services = doc.get('services', true);
  if (!isSeq(services)) throw new PromoteError(`${file}: services: not a list; the file has no service catalog`);
  const names: string[] = [];
  for (const [index, item] of services.items.entries()) {
    if (!isMap(item)) continue;
    const name = item.get('name');
    if (typeof name === 'string') names.push(name);
    if (name === service) return { map: item, index };
  }
  throw new PromoteError(
    `${file}: services: no service named "${service}"; known: ${names.length ? names.join(', ') : '(none)'}. Add its catalog entry first (docs/ci-cd.md)`,
  );
}

/** Line start offset and indentation (in spaces) of the line holding `offset`. */
function lineAt(text: string, offset: number): { start: number; indent: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let indent = 0;
  while (text[start + indent] === ' ') indent++;
  return { start, indent };
}

/**
 * End of the line where a node ends (the offset of its newline, or the end of the text). A block node's range may
 * end after its last newline, so trailing whitespace is stepped back over first.
 */
function lineEnd(text: string, nodeEnd: number): number {
  let offset = nodeEnd;
  while (offset > 0 && (text[offset - 1] === '\n' || text[offset - 1] === ' ')) offset--;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** A plain or double-quoted YAML scalar for a tag or digest (tags that look like numbers stay strings). */
function scalarText(value: string): string {
  return /^[0-9][0-9._]*$/.test(value) || /^(true|false|null|yes|no|on|off|~)$/i.test(value) ? `"${value}"` : value;
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/** Edits for one key inside a block or flow map: replace its scalar, or add the key. */
function setKey(text: string, map: YAMLMap, key: string, value: string): Splice {
  const existing = map.items.find((p: Pair) => isScalar(p.key) && p.key.value === key);
  if (existing && isScalar(existing.value) && existing.value.range) {
    const [start, end] = existing.value.range;
    const quoted = existing.value.type === 'QUOTE_DOUBLE' ? `"${value}"` : existing.value.type === 'QUOTE_SINGLE' ? `'${value}'` : scalarText(value);
    return { start, end, insert: quoted };
  }
  if (existing) throw new PromoteError(`${key}: not a plain value; fix the entry by hand`);
  if (!map.range) throw new PromoteError(`${key}: cannot locate the map in the source`);
  if (map.flow) {
    // `{ repository: x, tag: "1" }` → `{ repository: x, tag: "1", digest: … }`.
    const lastItem = map.items.at(-1) as Pair | undefined;
    const after = isNode(lastItem?.value) && lastItem.value.range ? lastItem.value.range[1] : undefined;
    if (after === undefined) return { start: map.range[0] + 1, end: map.range[0] + 1, insert: ` ${key}: ${scalarText(value)} ` };
    return { start: after, end: after, insert: `, ${key}: ${scalarText(value)}` };
  }
  const last = map.items.at(-1) as Pair | undefined;
  const lastEnd = valueEnd(last, map.range[1]);
  const first = map.items[0]?.key;
  const firstStart = first && isScalar(first) && first.range ? first.range[0] : map.range[0];
  const indent = firstStart - lineAt(text, firstStart).start;
  const at = lineEnd(text, lastEnd);
  return { start: at, end: at, insert: `\n${' '.repeat(indent)}${key}: ${scalarText(value)}` };
}

/** Adds `image: { digest, tag? }` as a block under a service map that has no `image` yet. */
function addImage(text: string, service: YAMLMap, values: Record<string, string>): Splice {
  const first = service.items[0]?.key;
  if (!first || !isScalar(first) || !first.range || !service.range) throw new PromoteError('cannot locate the service entry in the source');
  if (service.flow) throw new PromoteError('the service entry is a flow map ({ ... }); write it as a block map to promote it');
  const indent = first.range[0] - lineAt(text, first.range[0]).start;
  const last = service.items.at(-1) as Pair | undefined;
  const lastEnd = valueEnd(last, service.range[1]);
  const at = lineEnd(text, lastEnd);
  const pad = ' '.repeat(indent);
  const lines = Object.entries(values).map(([k, v]) => `\n${pad}  ${k}: ${scalarText(v)}`);
  return { start: at, end: at, insert: `\n${pad}image:${lines.join('')}` };
}

function apply(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.insert + out.slice(s.end);
  return out;
}

/** Sets the service's image digest (and tag) in the text of `file`; returns the new text and the changes. */
export function promote(text: string, file: string, request: PromoteRequest): PromoteResult {
  checkRequest(request);
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) throw new PromoteError(`${file}: not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const { map: service, index } = findService(doc, file, request.service);
  const path = `services[${request.service}].image`;
  const wanted: Record<string, string> = request.tag === undefined ? { digest: request.digest } : { tag: request.tag, digest: request.digest };
  const image = service.get('image', true);
  const before = image !== undefined && isMap(image) ? (image.toJSON() as Record<string, unknown>) : {};
  if (image !== undefined && !isMap(image)) throw new PromoteError(`${file}: ${path}: not a map; expected repository/tag/digest keys`);

  const splices = image === undefined ? [addImage(text, service, wanted)] : Object.entries(wanted).map(([k, v]) => setKey(text, image, k, v));
  const changes = Object.entries(wanted)
    .filter(([k, v]) => before[k] !== v)
    .map(([k, v]) => ({ path: `${path}.${k}`, from: before[k] === undefined ? undefined : String(before[k]), to: v }));
  const out = changes.length ? apply(text, splices) : text;

  // Self-check: the new text parses, holds the wanted values, and differs from the old one only there.
  const check = parseDocument(out);
  if (check.errors.length) throw new PromoteError(`${file}: the edit would break the file (${check.errors[0]?.message ?? ''}); nothing was written`);
  const expected = doc.toJS() as { services: Record<string, unknown>[] };
  const entry = expected.services[index] as Record<string, unknown>;
  entry.image = { ...((entry.image as Record<string, unknown> | undefined) ?? {}), ...wanted };
  if (JSON.stringify(check.toJS()) !== JSON.stringify(expected)) {
    throw new PromoteError(`${file}: ${path}: the edit would change more than the image; nothing was written (please report this)`);
  }
  return { text: out, changes };
}

/** Values of one service entry that a pipeline job needs (namespace, image repository), as dotenv lines. */
export function serviceFacts(text: string, file: string, service: string): Record<string, string> {
  const doc = parseDocument(text);
  const { map } = findService(doc, file, service);
  const entry = map.toJSON() as { namespace?: unknown; image?: { repository?: unknown; tag?: unknown; digest?: unknown } };
  const facts: Record<string, string> = {
    SERVICE_NAMESPACE: String(entry.namespace ?? ''),
    SERVICE_REPOSITORY: String(entry.image?.repository ?? service),
  };
  if (entry.image?.tag !== undefined) facts.SERVICE_TAG = String(entry.image.tag);
  if (entry.image?.digest !== undefined) facts.SERVICE_DIGEST = String(entry.image.digest);
  return facts;
}

/** A unified diff (3 lines of context) between two texts, with `a/` and `b/` headers for `file`. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence over lines; environment files are a few hundred lines.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Op = { kind: ' ' | '-' | '+'; line: string; aBefore: number; bBefore: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const at = { aBefore: i, bBefore: j };
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]!, ...at });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]!, ...at });
    } else {
      ops.push({ kind: '+', line: b[j++]!, ...at });
    }
  }
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return '';
  const hunks: string[] = [];
  let k = 0;
  while (k < changed.length) {
    let end = k;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 7) end++;
    const from = Math.max(0, changed[k]! - 3);
    const to = Math.min(ops.length - 1, changed[end]! + 3);
    const slice = ops.slice(from, to + 1);
    const aStart = slice[0]!.aBefore + 1;
    const bStart = slice[0]!.bBefore + 1;
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    hunks.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@\n${slice.map((o) => `${o.kind}${o.line}`).join('\n')}`);
    k = end + 1;
  }
  return `--- a/${file}\n+++ b/${file}\n${hunks.join('\n')}\n`;
}

export interface MergeRequestText {
  readonly title: string;
  readonly body: string;
}

/** Title and Markdown body of the promotion merge request. */
export function mergeRequestText(env: string, file: string, request: PromoteRequest, changes: readonly Change[], diff: string, source?: string): MergeRequestText {
  const short = request.digest.slice('sha256:'.length, 'sha256:'.length + 12);
  const title = `Promote ${request.service} to ${env}: ${request.tag ? `${request.tag} ` : ''}(${short})`;
  const rows = changes.map((c) => `| \`${c.path}\` | ${c.from === undefined ? '(unset)' : `\`${c.from}\``} | \`${c.to}\` |`);
  const body = [
    `Sets the image of \`${request.service}\` in \`${file}\`.`,
    '',
    ...(changes.length ? ['| value | from | to |', '| --- | --- | --- |', ...rows] : ['No change: the environment already runs this image.']),
    '',
    ...(source ? [`Built and scanned by ${source}.`, ''] : []),
    'Merging this merge request deploys the image to this environment through the platform pipeline. Promote to the',
    'next environment with a new merge request once it is healthy here (docs/ci-cd.md, "CI/CD for your service").',
    '',
    '```diff',
    diff.trimEnd(),
    '```',
    '',
  ].join('\n');
  return { title, body };
}

/** The API's data: an in-memory store of items, with the validation of a new item. */

export interface Item {
  readonly id: string;
  readonly name: string;
  /** Price in cents. */
  readonly priceCents: number;
}

export interface NewItem {
  readonly name: string;
  readonly priceCents: number;
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type Validation = { readonly ok: true; readonly item: NewItem } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const NAME_MAX = 100;
const PRICE_MAX = 100_000_000;
const FIELDS = new Set(['name', 'priceCents']);

export function validateNewItem(body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: [{ field: '', message: 'the body must be a JSON object like {"name":"tea","priceCents":350}' }] };
  }
  const record = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(record)) {
    if (!FIELDS.has(key)) problems.push({ field: key, message: `unknown field; allowed: ${[...FIELDS].join(', ')}` });
  }
  const { name, priceCents } = record;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > NAME_MAX) {
    problems.push({ field: 'name', message: `must be a non-empty string of at most ${NAME_MAX} characters (got ${JSON.stringify(name) ?? 'nothing'})` });
  }
  if (typeof priceCents !== 'number' || !Number.isInteger(priceCents) || priceCents < 0 || priceCents > PRICE_MAX) {
    problems.push({ field: 'priceCents', message: `must be an integer from 0 to ${PRICE_MAX} (got ${JSON.stringify(priceCents) ?? 'nothing'})` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, item: { name: (name as string).trim(), priceCents: priceCents as number } };
}

export class ItemStore {
  private readonly items = new Map<string, Item>();
  private nextId = 1;

  constructor(seed: readonly NewItem[] = []) {
    for (const item of seed) this.add(item);
  }

  list(): Item[] {
    return [...this.items.values()];
  }

  get(id: string): Item | undefined {
    return this.items.get(id);
  }

  add(item: NewItem): Item {
    const created = { id: String(this.nextId++), ...item };
    this.items.set(created.id, created);
    return created;
  }
}

export const SEED_ITEMS: readonly NewItem[] = [
  { name: 'espresso', priceCents: 250 },
  { name: 'flat white', priceCents: 380 },
];

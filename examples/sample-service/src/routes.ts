/**
 * The public API, as a table of templated routes. The template (`/api/items/:id`) is what metrics and logs carry
 * as `route`, never the raw path, so label cardinality stays bounded.
 */
import type { IncomingMessage } from 'node:http';
import { readJson, type Reply } from './http.js';
import { type ItemStore, validateNewItem } from './items.js';

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: string;
  /** Templated path; `:name` segments match one path segment. */
  readonly template: string;
  handle(ctx: RouteContext): Promise<Reply> | Reply;
}

/** `route` label of a path that no route matches. */
export const UNMATCHED_ROUTE = 'unmatched';

export function apiRoutes(store: ItemStore): Route[] {
  return [
    { method: 'GET', template: '/api/items', handle: () => ({ status: 200, body: { items: store.list() } }) },
    {
      method: 'GET',
      template: '/api/items/:id',
      handle: ({ params }) => {
        const item = store.get(params.id ?? '');
        return item ? { status: 200, body: item } : { status: 404, body: { error: `no item with id ${JSON.stringify(params.id)}` } };
      },
    },
    {
      method: 'POST',
      template: '/api/items',
      handle: async ({ req }) => {
        const result = validateNewItem(await readJson(req));
        if (!result.ok) return { status: 400, body: { error: 'invalid item', details: result.problems } };
        const item = store.add(result.item);
        return { status: 201, body: item, headers: { location: `/api/items/${item.id}` } };
      },
    },
  ];
}

export interface RouteMatch {
  /** The template of the matched path, or `UNMATCHED_ROUTE`. */
  readonly template: string;
  /** The route for this method, if the path matched one. */
  readonly route?: Route;
  /** Methods the path supports (for a 405's `Allow` header). */
  readonly allowed: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}

function matchTemplate(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) {
      if (actual === '') return null;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) return null;
  }
  return params;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  let found: { template: string; params: Record<string, string> } | undefined;
  const allowed: string[] = [];
  for (const route of routes) {
    let params: Record<string, string> | null;
    try {
      params = matchTemplate(route.template, normalized);
    } catch {
      params = null; // a malformed %-escape matches nothing
    }
    if (!params) continue;
    found ??= { template: route.template, params };
    if (route.template !== found.template) continue;
    allowed.push(route.method);
    if (route.method === method) return { template: route.template, route, allowed, params };
  }
  return found ? { template: found.template, allowed, params: found.params } : { template: UNMATCHED_ROUTE, allowed, params: {} };
}

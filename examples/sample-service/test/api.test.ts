import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postJson, startTestService, type TestService } from './helpers.js';

describe('the items API', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService();
  });
  after(async () => {
    await t.service.shutdown();
  });

  it('lists the seeded items', async () => {
    const res = await fetch(t.url('/api/items'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as { items: { id: string; name: string }[] };
    assert.deepEqual(body.items.map((i) => i.name), ['espresso', 'flat white']);
  });

  it('creates an item and serves it at its Location', async () => {
    const created = await postJson(t.url('/api/items'), { name: 'cortado', priceCents: 320 });
    assert.equal(created.status, 201);
    const item = (await created.json()) as { id: string };
    const location = created.headers.get('location');
    assert.equal(location, `/api/items/${item.id}`);
    const fetched = await fetch(t.url(location));
    assert.equal(fetched.status, 200);
    assert.deepEqual(await fetched.json(), { id: item.id, name: 'cortado', priceCents: 320 });
  });

  it('rejects an invalid item with the field and the bad value', async () => {
    const res = await postJson(t.url('/api/items'), { name: '', priceCents: -1, colour: 'red' });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: 'invalid item',
      details: [
        { field: 'colour', message: 'unknown field; allowed: name, priceCents' },
        { field: 'name', message: 'must be a non-empty string of at most 100 characters (got "")' },
        { field: 'priceCents', message: 'must be an integer from 0 to 100000000 (got -1)' },
      ],
    });
  });

  it('answers 400 to malformed JSON, 415 to another content type and 413 to a body over 64 KiB', async () => {
    const malformed = await fetch(t.url('/api/items'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    assert.equal(malformed.status, 400);
    const text = await fetch(t.url('/api/items'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'tea' });
    assert.equal(text.status, 415);
    const big = await postJson(t.url('/api/items'), { name: 'x'.repeat(70_000), priceCents: 1 });
    assert.equal(big.status, 413);
  });

  it('answers 404 to an unknown item or path and 405 with Allow to a wrong method', async () => {
    assert.equal((await fetch(t.url('/api/items/999'))).status, 404);
    assert.equal((await fetch(t.url('/nope'))).status, 404);
    const wrong = await fetch(t.url('/api/items/1'), { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
  });

  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const given = await fetch(t.url('/api/items'), { headers: { 'x-request-id': 'req-42' } });
    assert.equal(given.headers.get('x-request-id'), 'req-42');
    const made = await fetch(t.url('/api/items'), { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(made.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('reports alive on /healthz and ready on /readyz', async () => {
    const live = await fetch(t.url('/healthz'));
    assert.equal(live.status, 200);
    const ready = await fetch(t.url('/readyz'));
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });

  it('does not serve metrics or the admin endpoint on the public port', async () => {
    assert.equal((await fetch(t.url('/metrics'))).status, 404);
    assert.equal((await postJson(t.url('/admin/fault'), { errorRate: 1 })).status, 404);
    assert.equal(t.service.fault.errorRate, 0);
  });
});

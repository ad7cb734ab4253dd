import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DURATION_BUCKETS } from '../src/metrics.js';
import { postJson, sample, startTestService, type TestService } from './helpers.js';

async function scrape(t: TestService): Promise<string> {
  const res = await fetch(t.adminUrl('/metrics'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

describe('RED metrics on the metrics port', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService();
  });
  after(async () => {
    await t.service.shutdown();
  });

  it('counts requests by method, templated route and code, as the SLO and dashboard queries expect', async () => {
    for (const id of ['1', '2', '404404']) await (await fetch(t.url(`/api/items/${id}`))).arrayBuffer();
    await (await postJson(t.url('/api/items'), { name: 'mocha', priceCents: 400 })).arrayBuffer();
    const text = await scrape(t);
    assert.match(text, /# TYPE http_requests_total counter/);
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items/:id', code: '200' }), 2);
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items/:id', code: '404' }), 1);
    assert.equal(sample(text, 'http_requests_total', { method: 'POST', route: '/api/items', code: '201' }), 1);
  });

  it('records latency in the http_request_duration_seconds histogram with the API buckets', async () => {
    const text = await scrape(t);
    assert.match(text, /# TYPE http_request_duration_seconds histogram/);
    const labels = { method: 'GET', route: '/api/items/:id', code: '200' };
    for (const le of DURATION_BUCKETS) assert.notEqual(sample(text, 'http_request_duration_seconds_bucket', { ...labels, le: String(le) }), undefined);
    assert.equal(sample(text, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }), 2);
    assert.equal(sample(text, 'http_request_duration_seconds_count', labels), 2);
  });

  it('keeps cardinality bounded: every unknown path is route="unmatched", probes are not counted', async () => {
    for (let i = 0; i < 20; i++) await (await fetch(t.url(`/random/${i}`))).arrayBuffer();
    await (await fetch(t.url('/healthz'))).arrayBuffer();
    await (await fetch(t.url('/readyz'))).arrayBuffer();
    const text = await scrape(t);
    assert.equal(sample(text, 'http_requests_total', { route: 'unmatched', code: '404' }), 20);
    assert.doesNotMatch(text, /route="\/random/);
    assert.doesNotMatch(text, /route="\/(healthz|readyz)"/);
  });

  it('exposes the default process metrics the dashboard reads', async () => {
    const text = await scrape(t);
    for (const name of ['process_cpu_seconds_total', 'process_open_fds', 'process_max_fds', 'process_resident_memory_bytes']) {
      assert.notEqual(sample(text, name, {}), undefined, name);
    }
  });

  it('shows injected errors as code="500" and stops when the error rate is set back to 0', async () => {
    const set = await postJson(t.adminUrl('/admin/fault'), { errorRate: 1 });
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), { errorRate: 1, delayMs: 0 });
    for (let i = 0; i < 3; i++) assert.equal((await fetch(t.url('/api/items'))).status, 500);
    assert.equal((await fetch(t.url('/healthz'))).status, 200, 'probes are never failed by fault injection');
    await (await postJson(t.adminUrl('/admin/fault'), { errorRate: 0 })).arrayBuffer();
    assert.equal((await fetch(t.url('/api/items'))).status, 200);
    const text = await scrape(t);
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items', code: '500' }), 3);
    assert.equal(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items', code: '200' }), 1);
    assert.equal(sample(text, 'http_request_duration_seconds_count', { route: '/api/items', code: '500' }), 3);
  });

  it('rejects invalid fault settings with the field and value, leaving the current ones', async () => {
    const res = await postJson(t.adminUrl('/admin/fault'), { errorRate: 1.5, delayMs: 'slow' });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: 'invalid fault settings',
      details: ['errorRate: must be a number from 0 to 1 (got 1.5)', 'delayMs: must be an integer from 0 to 60000 (got "slow")'],
    });
    assert.deepEqual(await (await fetch(t.adminUrl('/admin/fault'))).json(), { errorRate: 0, delayMs: 0 });
  });

  it('fails the configured fraction of API requests', async () => {
    let draw = 0;
    const local = await startTestService({ ERROR_RATE: '0.5' }, { random: () => (draw++ % 4) / 4 });
    try {
      const codes = [];
      for (let i = 0; i < 8; i++) codes.push((await fetch(local.url('/api/items'))).status);
      assert.deepEqual(codes, [500, 500, 200, 200, 500, 500, 200, 200]);
    } finally {
      await local.service.shutdown();
    }
  });
});

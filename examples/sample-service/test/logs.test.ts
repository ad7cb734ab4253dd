import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Logger } from '../src/log.js';
import { type LogLine, postJson, startTestService, type TestService } from './helpers.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('JSON logs (the platform logging contract)', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService();
  });
  after(async () => {
    await t.service.shutdown();
  });

  const requestLine = (requestId: string): LogLine | undefined => t.logs.lines.find((l) => l.request_id === requestId);

  it('writes one JSON object per line, each with @timestamp, level and message', async () => {
    await (await fetch(t.url('/api/items'))).arrayBuffer();
    assert.ok(t.logs.raw.length >= 2);
    for (const raw of t.logs.raw) {
      assert.ok(raw.startsWith('{'), `the pipeline parses lines starting with "{": ${raw}`);
      const line = JSON.parse(raw) as LogLine;
      assert.match(String(line['@timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(String(line.level)));
      assert.equal(typeof line.message, 'string');
    }
    assert.equal(t.logs.lines[0]?.message, 'listening');
  });

  it('logs each request with method, templated route, path, status, duration, request and trace id', async () => {
    await (await fetch(t.url('/api/items/2?verbose=1'), { headers: { 'x-request-id': 'log-1', traceparent: `00-${TRACE}-00f067aa0ba902b7-01` } })).arrayBuffer();
    const line = requestLine('log-1');
    assert.ok(line, 'a request line');
    assert.equal(line.level, 'info');
    assert.equal(line.message, 'GET /api/items/:id 200');
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/api/items/:id');
    assert.equal(line.path, '/api/items/2');
    assert.equal(line.status, 200);
    assert.equal(typeof line.duration_ms, 'number');
    assert.ok((line.duration_ms as number) >= 0);
    assert.equal(line.trace_id, TRACE);
  });

  it('logs server errors at level error and a missing or all-zero trace as null', async () => {
    await (await postJson(t.adminUrl('/admin/fault'), { errorRate: 1 })).arrayBuffer();
    await (await fetch(t.url('/api/items'), { headers: { 'x-request-id': 'log-2', traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` } })).arrayBuffer();
    await (await postJson(t.adminUrl('/admin/fault'), { errorRate: 0 })).arrayBuffer();
    const line = requestLine('log-2');
    assert.equal(line?.level, 'error');
    assert.equal(line?.status, 500);
    assert.equal(line?.trace_id, null);
    assert.ok(t.logs.lines.some((l) => l.message === 'fault injection changed' && l.level === 'warn' && l.error_rate === 1));
  });

  it('keeps probes out of the info log', async () => {
    const before = t.logs.raw.length;
    await (await fetch(t.url('/healthz'))).arrayBuffer();
    await (await fetch(t.url('/readyz'))).arrayBuffer();
    assert.equal(t.logs.raw.length, before);
  });

  it('writes probe lines at LOG_LEVEL=debug', async () => {
    const local = await startTestService({ LOG_LEVEL: 'debug' });
    try {
      await (await fetch(local.url('/healthz'))).arrayBuffer();
      assert.ok(local.logs.lines.some((l) => l.level === 'debug' && l.message === 'liveness probe'));
    } finally {
      await local.service.shutdown();
    }
  });
});

describe('the logger', () => {
  it('puts @timestamp, level and message first and lets no extra field replace them', () => {
    const out: string[] = [];
    new Logger('info', { write: (l: string) => out.push(l) }, () => new Date('2026-01-02T03:04:05.678Z')).info('hello', { level: 'debug', message: 'x', user: 'u1' });
    assert.equal(out[0], '{"@timestamp":"2026-01-02T03:04:05.678Z","level":"info","message":"hello","user":"u1"}\n');
  });

  it('drops lines below the configured level', () => {
    const out: string[] = [];
    const logger = new Logger('warn', { write: (l: string) => out.push(l) });
    logger.info('quiet');
    logger.error('loud');
    assert.deepEqual(out.map((l) => (JSON.parse(l) as { message: string }).message), ['loud']);
  });
});

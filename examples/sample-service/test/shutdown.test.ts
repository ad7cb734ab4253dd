import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runServiceProcess, startTestService } from './helpers.js';

const listening = (l: Record<string, unknown>) => l.message === 'listening';

describe('graceful shutdown', () => {
  it('turns not ready at once and keeps serving during the drain delay', async () => {
    const t = await startTestService({ SHUTDOWN_DELAY_SECONDS: '0.4' });
    const done = t.service.shutdown();
    const ready = await fetch(t.url('/readyz'));
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'draining' });
    assert.equal(ready.headers.get('connection'), 'close');
    assert.equal((await fetch(t.url('/api/items'))).status, 200, 'still serving while endpoints are updated');
    assert.deepEqual(await done, { drained: true, aborted: 0 });
    await assert.rejects(fetch(t.url('/healthz')), 'no longer accepting connections');
    assert.equal(t.service.phase, 'stopped');
  });

  it('on SIGTERM finishes the in-flight request, then exits 0 within the bound', async () => {
    const proc = runServiceProcess({ FAULT_DELAY_MS: '1500', SHUTDOWN_DELAY_SECONDS: '1', SHUTDOWN_TIMEOUT_SECONDS: '5' });
    const { port } = await proc.waitForLine(listening);
    const base = `http://127.0.0.1:${String(port)}`;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const inFlight = fetch(`${base}/api/items`);
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    const started = await proc.waitForLine((l) => l.message === 'shutdown started: not ready, still serving');
    assert.equal(started.in_flight, 1, 'the request is in flight when SIGTERM arrives');
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { items: unknown[] }).items.length, 2);
    assert.equal(await proc.exited(8_000), 0);
    assert.ok(Date.now() - signalled < 6_500, `exited ${Date.now() - signalled} ms after SIGTERM`);
    assert.ok(proc.lines.some((l) => l.message === 'shutdown complete' && l.drained === true));
    await assert.rejects(fetch(`${base}/healthz`));
  });

  it('cuts requests still running at the shutdown timeout and exits 1 within the bound', async () => {
    const proc = runServiceProcess({ FAULT_DELAY_MS: '20000', SHUTDOWN_DELAY_SECONDS: '0', SHUTDOWN_TIMEOUT_SECONDS: '0.5' });
    const { port } = await proc.waitForLine(listening);
    const stuck = fetch(`http://127.0.0.1:${String(port)}/api/items`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited(5_000), 1);
    assert.ok(Date.now() - signalled < 3_000, `exited ${Date.now() - signalled} ms after SIGTERM`);
    assert.equal(await stuck, 'cut');
    assert.ok(proc.lines.some((l) => l.message === 'shutdown timeout: closing the connections of unfinished requests' && l.aborted === 1));
  });

  it('exits 2 on invalid configuration, logging every bad variable', async () => {
    const proc = runServiceProcess({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    assert.equal(await proc.exited(10_000), 2);
    const line = await proc.waitForLine((l) => l.level === 'error');
    assert.equal(line.message, 'invalid configuration; fix these environment variables');
    assert.deepEqual(line.problems, [
      'PORT: must be an integer port from 0 to 65535 (got "eighty")',
      'LOG_LEVEL: must be one of debug, info, warn, error (got "loud")',
    ]);
  });
});

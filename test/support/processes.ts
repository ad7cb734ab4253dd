/** Child processes the loopback tests start: stopped together, SIGTERM first, SIGKILL after a grace period. */
import type { ChildProcess } from 'node:child_process';

/** Sends SIGTERM to every process still running and waits until each has exited, killing any that outlives `graceMs`. */
export async function stopAll(processes: readonly ChildProcess[], graceMs = 5_000): Promise<void> {
  const running = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;
  for (const p of processes) if (running(p)) p.kill('SIGTERM');
  await Promise.all(
    processes.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (!running(p)) return resolve();
          const timer = setTimeout(() => {
            p.kill('SIGKILL');
            resolve();
          }, graceMs);
          p.on('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
}

export { freePort } from '../../scripts/lib/ports.js';

/**
 * Polls `probe` every 200 ms until it returns a value (a throw counts as "not yet"); after `timeoutMs` fails naming
 * what it waited for, with the last 30 lines of `logs` when given.
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, logs?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) {
      const tail = logs ? `\n${logs().split('\n').slice(-30).join('\n')}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

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

/** Test helpers: the service on 127.0.0.1 with random ports and captured logs, and the service as a real process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Config, loadConfig } from '../src/config.js';
import { Logger } from '../src/log.js';
import { type RunningService, type ServiceOptions, startService } from '../src/server.js';

export const SERVICE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

export type LogLine = Record<string, unknown>;

/** Log lines written so far, parsed (a line that is not JSON fails the test that reads it). */
export class CapturedLogs {
  readonly raw: string[] = [];
  write(chunk: string): boolean {
    this.raw.push(...chunk.split('\n').filter((l) => l !== ''));
    return true;
  }
  get lines(): LogLine[] {
    return this.raw.map((l) => JSON.parse(l) as LogLine);
  }
}

export interface TestService {
  readonly service: RunningService;
  readonly logs: CapturedLogs;
  readonly url: (path: string) => string;
  readonly adminUrl: (path: string) => string;
}

export async function startTestService(env: Record<string, string> = {}, options: ServiceOptions = {}): Promise<TestService> {
  const config: Config = loadConfig({ HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', SHUTDOWN_DELAY_SECONDS: '0', ...env });
  const logs = new CapturedLogs();
  const service = await startService(config, { logger: new Logger(config.logLevel, logs), ...options });
  return {
    service,
    logs,
    url: (path) => `http://127.0.0.1:${service.port}${path}`,
    adminUrl: (path) => `http://127.0.0.1:${service.metricsPort}${path}`,
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** One sample line of the Prometheus text format, e.g. `http_requests_total{code="500",...}`, or undefined. */
export function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return undefined;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[];
  /** Resolves with the first log line matching, or rejects after `timeoutMs`. */
  waitForLine(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code, or kills the process and rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<number | null>;
}

/** Runs `src/main.ts` as a real process (through tsx), killed at the latest after 30 s. */
export function runServiceProcess(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(SERVICE_DIR, 'src', 'main.ts')], {
    cwd: SERVICE_DIR,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  guard.unref();
  const lines: LogLine[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { unparsable: text };
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exit = once(child, 'exit').then(([code]) => {
    clearTimeout(guard);
    return code as number | null;
  });
  return {
    child,
    lines,
    waitForLine(predicate, timeoutMs = 15_000) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stdout: ${JSON.stringify(lines)} stderr: ${stderr}`)), timeoutMs);
        waiters.push({ predicate, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    exited(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the process did not exit within ${timeoutMs} ms; stdout: ${JSON.stringify(lines)} stderr: ${stderr}`));
        }, timeoutMs);
        void exit.then((code) => (clearTimeout(timer), resolve(code)));
      });
    },
  };
}

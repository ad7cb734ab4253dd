/**
 * JSON logs on stdout, one object per line, as the platform's log pipeline expects (docs/logging.md in the platform
 * repository): a line starting with `{` is parsed as JSON under `json.*` and its `level` becomes `log.level`.
 * Every line carries `@timestamp` (ISO 8601, UTC), `level` and `message`; request lines add the fields of `RequestLog`.
 */
import type { LogLevel } from './config.js';

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Extra fields of a log line: flat JSON values. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** Fields of the one line written per API request. */
export interface RequestLog extends LogFields {
  readonly method: string;
  /** Templated route, e.g. `/api/items/:id` (the metrics' `route` label). */
  readonly route: string;
  /** Raw path without the query string. */
  readonly path: string;
  readonly status: number;
  readonly duration_ms: number;
  readonly request_id: string;
  /** From a W3C `traceparent` request header, else null. */
  readonly trace_id: string | null;
}

export interface LogSink {
  write(line: string): unknown;
}

export class Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly sink: LogSink = process.stdout,
    private readonly now: () => Date = () => new Date(),
  ) {}

  enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.level];
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    // The contract's fields come first; an extra field of the same name cannot replace them.
    const line: Record<string, unknown> = { '@timestamp': this.now().toISOString(), level, message };
    for (const [key, value] of Object.entries(fields)) if (!(key in line)) line[key] = value;
    this.sink.write(`${JSON.stringify(line)}\n`);
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
}

/**
 * Configuration from environment variables, validated once at start. Every problem is collected and reported
 * together as `<VARIABLE>: <what is wrong> (got "<value>")`, so one failed start shows everything to fix.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Address both servers bind to. */
  readonly host: string;
  /** Public HTTP port (API and probes); 0 picks a free port. */
  readonly port: number;
  /** Metrics and admin port; 0 picks a free port. */
  readonly metricsPort: number;
  readonly logLevel: LogLevel;
  /** After SIGTERM: how long the service stays up (not ready, still serving) before it stops accepting connections. */
  readonly shutdownDelaySeconds: number;
  /** After it stops accepting: how long in-flight requests get before their connections are closed. */
  readonly shutdownTimeoutSeconds: number;
  /** Initial fault injection: fraction of API requests answered with 500, in [0, 1]. */
  readonly errorRate: number;
  /** Initial fault injection: delay added to every API request, in milliseconds. */
  readonly faultDelayMs: number;
}

/** Environment variables read, with their defaults. */
export const ENV_DEFAULTS = {
  HOST: '0.0.0.0',
  PORT: '8080',
  METRICS_PORT: '9464',
  LOG_LEVEL: 'info',
  SHUTDOWN_DELAY_SECONDS: '5',
  SHUTDOWN_TIMEOUT_SECONDS: '20',
  ERROR_RATE: '0',
  FAULT_DELAY_MS: '0',
} as const;

export type EnvName = keyof typeof ENV_DEFAULTS;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const read = (name: EnvName): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? ENV_DEFAULTS[name] : value.trim();
  };
  const number = (name: EnvName, check: (n: number) => boolean, expected: string): number => {
    const raw = read(name);
    const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(value) || !check(value)) {
      problems.push(`${name}: must be ${expected} (got ${JSON.stringify(raw)})`);
      return Number(ENV_DEFAULTS[name]);
    }
    return value;
  };
  const port = (name: EnvName) => number(name, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer port from 0 to 65535');

  const host = read('HOST');
  const config: Config = {
    host,
    port: port('PORT'),
    metricsPort: port('METRICS_PORT'),
    logLevel: LOG_LEVELS.find((l) => l === read('LOG_LEVEL').toLowerCase()) ?? 'info',
    shutdownDelaySeconds: number('SHUTDOWN_DELAY_SECONDS', (n) => n >= 0 && n <= 300, 'a number of seconds from 0 to 300, e.g. 5'),
    shutdownTimeoutSeconds: number('SHUTDOWN_TIMEOUT_SECONDS', (n) => n > 0 && n <= 300, 'a number of seconds above 0 and up to 300, e.g. 20'),
    errorRate: number('ERROR_RATE', (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1, e.g. 0.05'),
    faultDelayMs: number('FAULT_DELAY_MS', (n) => Number.isInteger(n) && n >= 0 && n <= 60_000, 'an integer number of milliseconds from 0 to 60000'),
  };
  if (!LOG_LEVELS.some((l) => l === read('LOG_LEVEL').toLowerCase())) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(read('LOG_LEVEL'))})`);
  }
  if (!/^[A-Za-z0-9.:_-]+$/.test(host)) problems.push(`HOST: must be an IP address or host name, e.g. 0.0.0.0 (got ${JSON.stringify(host)})`);
  if (config.port !== 0 && config.port === config.metricsPort) {
    problems.push(`METRICS_PORT: must differ from PORT so that metrics and admin stay off the public port (got ${config.metricsPort} for both)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

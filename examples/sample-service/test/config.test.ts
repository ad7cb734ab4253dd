import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('defaults to the platform contract: app on 8080, metrics on 9464, a 5 s drain within 20 s', () => {
    assert.deepEqual(loadConfig({}), {
      host: '0.0.0.0',
      port: 8080,
      metricsPort: 9464,
      logLevel: 'info',
      shutdownDelaySeconds: 5,
      shutdownTimeoutSeconds: 20,
      errorRate: 0,
      faultDelayMs: 0,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '3000',
      METRICS_PORT: '3001',
      LOG_LEVEL: 'DEBUG',
      SHUTDOWN_DELAY_SECONDS: '0.5',
      SHUTDOWN_TIMEOUT_SECONDS: '2',
      ERROR_RATE: '0.25',
      FAULT_DELAY_MS: '100',
    });
    assert.equal(config.port, 3000);
    assert.equal(config.metricsPort, 3001);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.shutdownDelaySeconds, 0.5);
    assert.equal(config.errorRate, 0.25);
    assert.equal(config.faultDelayMs, 100);
  });

  it('reports every bad variable at once, naming it and showing the bad value', () => {
    assert.deepEqual(problems({ PORT: 'http', METRICS_PORT: '70000', LOG_LEVEL: 'verbose', ERROR_RATE: '2', SHUTDOWN_TIMEOUT_SECONDS: '0' }), [
      'PORT: must be an integer port from 0 to 65535 (got "http")',
      'METRICS_PORT: must be an integer port from 0 to 65535 (got "70000")',
      'SHUTDOWN_TIMEOUT_SECONDS: must be a number of seconds above 0 and up to 300, e.g. 20 (got "0")',
      'ERROR_RATE: must be a fraction from 0 to 1, e.g. 0.05 (got "2")',
      'LOG_LEVEL: must be one of debug, info, warn, error (got "verbose")',
    ]);
  });

  it('refuses metrics on the public port', () => {
    assert.deepEqual(problems({ PORT: '8080', METRICS_PORT: '8080' }), [
      'METRICS_PORT: must differ from PORT so that metrics and admin stay off the public port (got 8080 for both)',
    ]);
  });

  it('refuses a negative drain delay and a fractional fault delay', () => {
    assert.deepEqual(problems({ SHUTDOWN_DELAY_SECONDS: '-1', FAULT_DELAY_MS: '1.5' }), [
      'SHUTDOWN_DELAY_SECONDS: must be a number of seconds from 0 to 300, e.g. 5 (got "-1")',
      'FAULT_DELAY_MS: must be an integer number of milliseconds from 0 to 60000 (got "1.5")',
    ]);
  });
});

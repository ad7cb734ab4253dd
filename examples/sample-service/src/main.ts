/**
 * Entry point: configuration from the environment, then the service; SIGTERM or SIGINT start the graceful shutdown.
 * Exit codes: 0 after a drained shutdown, 1 when requests were cut at the shutdown timeout or the service failed,
 * 2 for invalid configuration (every problem is logged at once).
 */
import { ConfigError, loadConfig } from './config.js';
import { Logger } from './log.js';
import { startService } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    new Logger('info').error('invalid configuration; fix these environment variables', { problems: error.problems });
    process.exitCode = 2;
    return;
  }
  const logger = new Logger(config.logLevel);
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: String(reason) });
    process.exit(1);
  });
  const service = await startService(config, { logger }).catch((error: unknown) => {
    logger.error('could not start', { error: String(error) });
    process.exit(1);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (service.phase === 'draining') {
        logger.info('signal received again; shutdown already under way', { signal });
        return;
      }
      logger.info('signal received', { signal });
      void service.shutdown().then((result) => process.exit(result.drained ? 0 : 1));
    });
  }
}

await main();

import { ECK_NAMES } from '../../contracts/components.js';

/** Names of the logging domain; the ECK names are contracts (contracts/components.ts). */
export const LOGGING = {
  /** The ECK resource names (contracts/components.ts `ECK_NAMES`). */
  ...ECK_NAMES,
  /** Elasticsearch roles of the file-realm users. */
  roles: { logsReader: 'platform_logs_reader', monitor: 'platform_monitor' },
} as const;

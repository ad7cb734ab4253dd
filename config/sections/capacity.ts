/**
 * Expected load of an environment. When set, the capacity model (config/capacity.ts) fills in the sizes that the
 * metrics and logging sections leave out; sizes written there explicitly always win.
 */
import { z } from 'zod';

export const capacity = z
  .object({
    metrics: z
      .object({
        activeSeries: z
          .number({ message: 'must be a whole number of active series, e.g. 1500000' })
          .int({ message: 'must be a whole number of active series, e.g. 1500000' })
          .positive({ message: 'must be greater than zero' })
          .describe('active time series Prometheus holds in memory (sizes its memory and storage)'),
      })
      .strict()
      .optional()
      .describe('sizes metrics.prometheus.storageGiB, retentionSize and resources when they are left out'),
    logs: z
      .object({
        ingestGiBPerDay: z
          .number({ message: 'must be a number of GiB per day, e.g. 50' })
          .positive({ message: 'must be greater than zero' })
          .describe('raw log volume shipped per day (sizes Elasticsearch storage, memory and shards)'),
      })
      .strict()
      .optional()
      .describe('sizes the storage and resources of Elasticsearch data node sets, and primaryShards, when left out'),
  })
  .strict();

export type Capacity = z.infer<typeof capacity>;

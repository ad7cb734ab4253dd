/** Metrics collection settings (Prometheus and its exporters). */
import { z } from 'zod';
import { duration } from './primitives.js';

export const metrics = z
  .object({
    retention: duration.describe('how long Prometheus keeps samples, e.g. 15d'),
    scrapeInterval: duration.default('30s').describe('default scrape interval for every target'),
  })
  .strict();

export type Metrics = z.infer<typeof metrics>;

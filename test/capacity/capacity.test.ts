import { describe, expect, it } from 'vitest';
import { gibToQuantity, sizeElasticsearch, sizePrometheus } from '../../config/capacity.js';

describe('sizeElasticsearch', () => {
  it('follows the documented formula for a production-like load', () => {
    // 50 GiB/day kept 30 days with one replica: 3,000 GiB of data, ×1.25 → 3,750 GiB over 3 nodes.
    const sizing = sizeElasticsearch({ ingestGiBPerDay: 50, retentionDays: 30, replicas: 1, dataNodes: 3 });
    expect(sizing).toEqual({ totalStorageGiB: 3750, storagePerNodeGiB: 1250, memoryPerNodeGiB: 42, heapGiB: 21, primaryShards: 2 });
  });

  it('keeps small clusters at the 2 GiB memory floor with one shard', () => {
    expect(sizeElasticsearch({ ingestGiBPerDay: 1, retentionDays: 3, replicas: 0, dataNodes: 1 })).toEqual({
      totalStorageGiB: 4,
      storagePerNodeGiB: 4,
      memoryPerNodeGiB: 2,
      heapGiB: 1,
      primaryShards: 1,
    });
  });

  it('caps memory at 64 GiB and the heap at 31 GiB (compressed oops)', () => {
    const sizing = sizeElasticsearch({ ingestGiBPerDay: 2000, retentionDays: 30, replicas: 1, dataNodes: 6 });
    expect(sizing.memoryPerNodeGiB).toBe(64);
    expect(sizing.heapGiB).toBe(31);
    expect(sizing.primaryShards).toBe(6);
  });

  it('scales storage linearly with retention', () => {
    const week = sizeElasticsearch({ ingestGiBPerDay: 10, retentionDays: 7, replicas: 1, dataNodes: 3 });
    const fortnight = sizeElasticsearch({ ingestGiBPerDay: 10, retentionDays: 14, replicas: 1, dataNodes: 3 });
    expect(fortnight.totalStorageGiB).toBe(week.totalStorageGiB * 2);
  });

  it('throws if there are as many replicas as data nodes', () => {
    expect(() => sizeElasticsearch({ ingestGiBPerDay: 1, retentionDays: 1, replicas: 1, dataNodes: 1 })).toThrow(
      /replicas must be between 0 and dataNodes - 1 \(got 1 with 1 data nodes\)/,
    );
  });
});

describe('sizePrometheus', () => {
  it('follows the documented formula', () => {
    // 1M series every 30 s for 15 days: 33,333 samples/s × 1,296,000 s × 2 B × 1.2 ≈ 96.6 GiB → 97.
    const sizing = sizePrometheus({ activeSeries: 1_000_000, scrapeIntervalSeconds: 30, retentionSeconds: 15 * 86400 });
    expect(sizing.samplesPerSecond).toBeCloseTo(33_333.33, 1);
    expect(sizing.storageGiB).toBe(97);
    expect(sizing.memoryGiB).toBe(8); // 0.25 + 7.63 GiB, rounded up to a quarter GiB
  });

  it('halves storage when the scrape interval doubles', () => {
    const a = sizePrometheus({ activeSeries: 2_000_000, scrapeIntervalSeconds: 15, retentionSeconds: 30 * 86400 });
    const b = sizePrometheus({ activeSeries: 2_000_000, scrapeIntervalSeconds: 30, retentionSeconds: 30 * 86400 });
    expect(b.storageGiB).toBe(Math.ceil(a.storageGiB / 2));
  });

  it('throws on a non-positive scrape interval', () => {
    expect(() => sizePrometheus({ activeSeries: 1, scrapeIntervalSeconds: 0, retentionSeconds: 1 })).toThrow(/must be positive/);
  });
});

describe('gibToQuantity', () => {
  it('writes whole GiB as Gi and fractions as Mi', () => {
    expect(gibToQuantity(2)).toBe('2Gi');
    expect(gibToQuantity(0.75)).toBe('768Mi');
  });
});

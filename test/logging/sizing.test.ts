import { describe, expect, it } from 'vitest';
import { heapMiB, heapOptions, logstashBytes, quantityBytes } from '../../cdk8s/logging/sizing.js';

describe('logging sizes', () => {
  it('reads Kubernetes and Logstash byte sizes', () => {
    expect(quantityBytes('2Gi')).toBe(2 * 2 ** 30);
    expect(logstashBytes('512mb')).toBe(512 * 2 ** 20);
  });

  it('sizes heaps at half the memory request with at most 31 GiB', () => {
    expect(heapMiB('1Gi')).toBe(512);
    expect(heapMiB('100Gi')).toBe(31 * 1024);
    expect(heapOptions('2Gi')).toBe('-Xms1024m -Xmx1024m');
  });

  it('throws on sizes it cannot read', () => {
    expect(() => quantityBytes('2G')).toThrow(/not a binary quantity/);
    expect(() => logstashBytes('1GB')).toThrow(/not a Logstash byte size/);
  });
});

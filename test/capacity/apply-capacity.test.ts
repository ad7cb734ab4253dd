/** The capacity model as config users meet it: sizes left out are derived, explicit sizes win. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { applyCapacity, sizeElasticsearch, sizePrometheus } from '../../config/capacity.js';
import { ConfigError, parseEnvironment } from '../../config/load.js';
import { ENVIRONMENTS_DIR } from '../support/repo.js';

const prodText = readFileSync(join(ENVIRONMENTS_DIR, 'prod.yaml'), 'utf8');

function prodWith(change: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(prodText);
  change(doc);
  return parseEnvironment('config/environments/prod.yaml', doc.toString());
}

describe('capacity in the shipped prod environment', () => {
  const prod = parseEnvironment('config/environments/prod.yaml', prodText);

  it('derives Prometheus storage, size-based retention and resources from the expected series', () => {
    const sizing = sizePrometheus({ activeSeries: 1_000_000, scrapeIntervalSeconds: 30, retentionSeconds: 30 * 86400 });
    expect(prod.metrics.prometheus.storageGiB).toBe(sizing.storageGiB);
    expect(prod.metrics.prometheus.retentionSize).toBe(`${Math.floor(sizing.storageGiB * 0.8)}GB`);
    expect(prod.metrics.prometheus.resources).toEqual({ cpu: '1334m', memory: '8Gi' });
  });

  it('derives the data nodes\' storage, memory and the primary shard count from the log volume', () => {
    const retentionDays = Number(prod.logging.retention.default.replace('d', ''));
    const sizing = sizeElasticsearch({ ingestGiBPerDay: 10, retentionDays, replicas: 1, dataNodes: 3 });
    const data = prod.logging.elasticsearch.nodeSets.find((s) => s.name === 'data');
    expect(data?.storage).toBe(`${sizing.storagePerNodeGiB}Gi`);
    expect(data?.resources.memory).toBe(`${sizing.memoryPerNodeGiB}Gi`);
    expect(prod.logging.elasticsearch.primaryShards).toBe(sizing.primaryShards);
  });

  it('leaves node sets without the data role alone', () => {
    const master = prod.logging.elasticsearch.nodeSets.find((s) => s.name === 'master');
    expect(master).toMatchObject({ storage: '10Gi', resources: { cpu: '500m', memory: '2Gi' } });
  });
});

describe('applyCapacity', () => {
  it('keeps sizes written explicitly in config', () => {
    const env = prodWith((d) => {
      d.setIn(['metrics', 'prometheus', 'storageGiB'], 321);
      d.setIn(['metrics', 'prometheus', 'resources'], { cpu: '3', memory: '12Gi' });
    });
    expect(env.metrics.prometheus.storageGiB).toBe(321);
    expect(env.metrics.prometheus.resources).toEqual({ cpu: '3', memory: '12Gi' });
    expect(env.metrics.prometheus.retentionSize).toBe('256GB');
  });

  it('grows storage with retention', () => {
    const longer = prodWith((d) => d.setIn(['metrics', 'retention'], '60d'));
    const shorter = prodWith((d) => d.setIn(['metrics', 'retention'], '15d'));
    expect(longer.metrics.prometheus.storageGiB).toBeGreaterThan(shorter.metrics.prometheus.storageGiB * 3.9);
  });

  it('reports a size that is neither written nor derivable, naming the field', () => {
    expect(() => prodWith((d) => d.delete('capacity'))).toThrow(ConfigError);
    try {
      prodWith((d) => d.delete('capacity'));
    } catch (error) {
      expect((error as ConfigError).message).toMatch(/prod\.yaml: metrics\.prometheus\.storageGiB: is required/);
    }
  });

  it('rejects a malformed load with the file and field path', () => {
    expect(() => prodWith((d) => d.setIn(['capacity', 'metrics', 'activeSeries'], -5))).toThrow(
      /prod\.yaml: capacity\.metrics\.activeSeries: must be greater than zero/,
    );
  });

  it('does not change its input', () => {
    const raw = { capacity: { metrics: { activeSeries: 10 } }, metrics: { retention: '1d', prometheus: {} } };
    const copy = structuredClone(raw);
    applyCapacity(raw);
    expect(raw).toEqual(copy);
  });
});

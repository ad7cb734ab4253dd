import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { logging } from '../../config/sections/logging.js';
import { ENVIRONMENT_NAMES, environment } from '../support/envs.js';

const valid = () => structuredClone(environment('dev').logging) as z.input<typeof logging>;
const problems = (input: unknown) => {
  const result = logging.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('logging config section', () => {
  it('accepts the shipped environments', () => {
    for (const name of ENVIRONMENT_NAMES) expect(problems(environment(name).logging)).toEqual([]);
  });

  it('defaults zone awareness to off and namespace retention overrides to none', () => {
    const input = valid();
    delete (input.elasticsearch as { zoneAwareness?: boolean }).zoneAwareness;
    delete (input.retention as { namespaces?: unknown }).namespaces;
    const parsed = logging.parse(input);
    expect(parsed.elasticsearch.zoneAwareness).toBe(false);
    expect(parsed.retention.namespaces).toEqual({});
  });

  it('rejects two master-eligible nodes (no quorum survives a failure)', () => {
    const input = valid();
    input.elasticsearch.nodeSets[0]!.count = 2;
    expect(problems(input)).toEqual(['elasticsearch.nodeSets: must have 1 or at least 3 master-eligible nodes (got 2); a quorum of 2 survives no failure']);
  });

  it('rejects a cluster without data nodes, duplicate node set names and unknown roles', () => {
    const noData = valid();
    noData.elasticsearch.nodeSets[0]!.roles = ['master'];
    expect(problems(noData)).toEqual(['elasticsearch.nodeSets: must have at least one node set with the data role']);
    const dup = valid();
    dup.elasticsearch.nodeSets.push({ ...dup.elasticsearch.nodeSets[0]!, roles: ['data'] });
    expect(problems(dup)).toContainEqual('elasticsearch.nodeSets.1.name: duplicate node set name "default"; names must be unique');
    const role = valid();
    (role.elasticsearch.nodeSets[0]!.roles as string[]) = ['ml'];
    expect(problems(role).join()).toMatch(/must be one of master, data, ingest/);
  });

  it('rejects retention that is not whole days', () => {
    const input = valid();
    input.retention.default = '12h';
    expect(problems(input)).toEqual(['retention.default: must be a whole number of days like 7d or 30d']);
    const ns = valid();
    ns.retention.namespaces = { Shop: '7d' };
    expect(problems(ns)).toEqual(['retention.namespaces.Shop: "Shop" is not a namespace name; keys must be DNS labels like shop']);
  });

  it('rejects queue sizes not in Logstash notation and unknown keys', () => {
    const input = valid();
    input.logstash.queueMaxBytes = '1GB';
    expect(problems(input)).toEqual(['logstash.queueMaxBytes: must be a Logstash byte size like 512mb or 4gb']);
    expect(problems({ ...valid(), extra: 1 }).join()).toMatch(/extra/);
  });

  it('gives prod dedicated masters, zone awareness and two Kibanas, and dev one node', () => {
    const prod = environment('prod').logging;
    expect(prod.elasticsearch.nodeSets.find((s) => s.name === 'master')).toMatchObject({ count: 3, roles: ['master'] });
    expect(prod.elasticsearch.zoneAwareness).toBe(true);
    expect(prod.kibana.replicas).toBeGreaterThanOrEqual(2);
    expect(environment('dev').logging.elasticsearch.nodeSets.map((s) => s.count)).toEqual([1]);
  });
});

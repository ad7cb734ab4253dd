/**
 * Logging pipeline settings (ECK: Elasticsearch, Kibana, Logstash, Filebeat; retention; exporters).
 * Only sizes, replica counts and retention differ between environments.
 */
import { z } from 'zod';
import { dnsLabel, memoryQuantity, resources } from './primitives.js';

/** A whole number of days such as `7d` or `30d`: what Elasticsearch's data stream lifecycle accepts here. */
export const retentionDays = z
  .string()
  .regex(/^[1-9]\d*d$/, { message: 'must be a whole number of days like 7d or 30d' });

/** Roles a node set may take (Elasticsearch `node.roles`); only features of the free basic licence. */
export const ELASTICSEARCH_ROLES = ['master', 'data', 'ingest', 'remote_cluster_client', 'transform'] as const;

export const nodeSet = z
  .object({
    name: dnsLabel.describe('node set name; becomes part of the pod names (logging-es-<name>-N)'),
    count: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }),
    roles: z
      .array(z.enum(ELASTICSEARCH_ROLES, { message: `must be one of ${ELASTICSEARCH_ROLES.join(', ')}` }))
      .min(1, { message: 'must list at least one role, e.g. [master, data, ingest]' })
      .describe('Elasticsearch node.roles of every node in the set'),
    resources: resources.describe('requests per node; the JVM heap is half the memory request (at most 31Gi)'),
    storage: memoryQuantity.describe('persistent volume size per node, e.g. 100Gi'),
  })
  .strict();

export const elasticsearch = z
  .object({
    nodeSets: z.array(nodeSet).min(1, { message: 'must list at least one node set' }),
    storageClass: dnsLabel.optional().describe('StorageClass of the data volumes; defaults to the cluster default'),
    zoneAwareness: z
      .boolean()
      .default(false)
      .describe('spread every node set across availability zones and make shard allocation zone-aware'),
    primaryShards: z
      .number({ message: 'must be a whole number of shards, e.g. 1' })
      .int({ message: 'must be a whole number of shards, e.g. 1' })
      .min(1, { message: 'must be at least 1' })
      .optional()
      .describe('primary shards of each new logs backing index; defaults to Elasticsearch\'s own (1), or to the capacity model'),
  })
  .strict()
  .superRefine((es, ctx) => {
    const names = new Set<string>();
    es.nodeSets.forEach((set, index) => {
      if (names.has(set.name)) {
        ctx.addIssue({ code: 'custom', path: ['nodeSets', index, 'name'], message: `duplicate node set name "${set.name}"; names must be unique` });
      }
      names.add(set.name);
    });
    const masters = es.nodeSets.filter((s) => s.roles.includes('master')).reduce((n, s) => n + s.count, 0);
    if (masters === 2 || masters === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodeSets'],
        message: `must have 1 or at least 3 master-eligible nodes (got ${masters}); a quorum of 2 survives no failure`,
      });
    }
    if (!es.nodeSets.some((s) => s.roles.includes('data'))) {
      ctx.addIssue({ code: 'custom', path: ['nodeSets'], message: 'must have at least one node set with the data role' });
    }
  });

export const kibana = z
  .object({
    replicas: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }),
    resources,
  })
  .strict();

/** A byte size in Logstash's notation, e.g. `1024mb` or `4gb`. */
export const logstashBytes = z
  .string()
  .regex(/^[1-9]\d*(kb|mb|gb)$/, { message: 'must be a Logstash byte size like 512mb or 4gb' });

export const logstash = z
  .object({
    replicas: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }),
    resources: resources.describe('requests per pod; the JVM heap is half the memory request'),
    queueMaxBytes: logstashBytes.describe('persistent queue capacity per pod (queue.max_bytes)'),
    deadLetterQueueMaxBytes: logstashBytes.describe('dead-letter queue capacity per pod (dead_letter_queue.max_bytes)'),
    storage: memoryQuantity.describe('data volume per pod; must hold the persistent queue plus the dead-letter queue'),
    storageClass: dnsLabel.optional().describe('StorageClass of the data volumes; defaults to the cluster default'),
  })
  .strict();

export const filebeat = z
  .object({
    resources: resources.describe('requests of the Filebeat container on every node'),
  })
  .strict();

export const exporters = z
  .object({
    resources: resources.describe('requests of each small helper container: the elasticsearch, logstash and beat exporters and the setup job'),
  })
  .strict();

export const retention = z
  .object({
    default: retentionDays.describe('how long Elasticsearch keeps logs of every namespace, e.g. 7d'),
    namespaces: z
      .record(z.string(), retentionDays)
      .superRefine((map, ctx) => {
        for (const key of Object.keys(map)) {
          if (!dnsLabel.safeParse(key).success) {
            ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a namespace name; keys must be DNS labels like shop` });
          }
        }
      })
      .default({})
      .describe('per-namespace overrides, e.g. { shop: 30d }'),
  })
  .strict();

export const logging = z
  .object({
    elasticsearch,
    kibana,
    logstash,
    filebeat,
    exporters,
    retention,
  })
  .strict();

export type Logging = z.infer<typeof logging>;
export type NodeSet = z.infer<typeof nodeSet>;
export type ElasticsearchRole = (typeof ELASTICSEARCH_ROLES)[number];

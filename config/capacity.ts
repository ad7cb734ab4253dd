import { parseDurationSeconds } from './sections/primitives.js';

/**
 * Capacity model: from expected load (log volume, active series, scrape interval, retention) to the sizes of
 * Elasticsearch and Prometheus. Explicit sizes in config override these; see docs/capacity.md for the formulas.
 *
 * Elasticsearch (Elastic's sizing method for time-series data):
 *   totalDataGiB    = ingestGiBPerDay × retentionDays × (replicas + 1)
 *   totalStorageGiB = totalDataGiB × (1 + 0.15 watermark headroom + 0.10 margin of error)
 *   memory per node = storage per node / 30   (memory:disk 1:30 for a hot logging tier), within [2, 64] GiB
 *   heap            = 50 % of the memory request, at most 31 GiB (compressed object pointers)
 *   primary shards  = daily primary data / 40 GiB target shard size, at least 1, at most one per data node
 *
 * Prometheus (Prometheus' storage documentation):
 *   samples/s  = activeSeries / scrapeIntervalSeconds
 *   storageGiB = retentionSeconds × samples/s × 2 bytes/sample × 1.2 (WAL and compaction headroom)
 *   memoryGiB  = 0.25 GiB base + activeSeries × 8 KiB (head block, ingestion buffers and query headroom)
 */

const GiB = 1024 ** 3;
const KiB = 1024;

export const ELASTICSEARCH_MODEL = {
  watermarkHeadroom: 0.15,
  marginOfError: 0.1,
  memoryToDiskRatio: 30,
  minMemoryGiB: 2,
  maxMemoryGiB: 64,
  maxHeapGiB: 31,
  targetShardGiB: 40,
} as const;

export const PROMETHEUS_MODEL = {
  bytesPerSample: 2,
  storageHeadroom: 1.2,
  baseMemoryGiB: 0.25,
  bytesPerActiveSeries: 8 * KiB,
} as const;

export interface LogLoad {
  /** Raw log volume shipped per day, in GiB. */
  readonly ingestGiBPerDay: number;
  /** How long logs are kept, in days. */
  readonly retentionDays: number;
  /** Replica shards per primary (0 in a single-node dev cluster). */
  readonly replicas: number;
  /** Data nodes the storage is spread over. */
  readonly dataNodes: number;
}

export interface ElasticsearchSizing {
  readonly totalStorageGiB: number;
  readonly storagePerNodeGiB: number;
  readonly memoryPerNodeGiB: number;
  readonly heapGiB: number;
  readonly primaryShards: number;
}

export function sizeElasticsearch(load: LogLoad): ElasticsearchSizing {
  if (load.dataNodes < 1) throw new Error(`dataNodes must be at least 1 (got ${load.dataNodes})`);
  if (load.replicas < 0 || load.replicas >= load.dataNodes) {
    throw new Error(`replicas must be between 0 and dataNodes - 1 (got ${load.replicas} with ${load.dataNodes} data nodes)`);
  }
  const m = ELASTICSEARCH_MODEL;
  const totalData = load.ingestGiBPerDay * load.retentionDays * (load.replicas + 1);
  const totalStorageGiB = Math.ceil(totalData * (1 + m.watermarkHeadroom + m.marginOfError));
  const storagePerNodeGiB = Math.max(1, Math.ceil(totalStorageGiB / load.dataNodes));
  const memoryPerNodeGiB = Math.min(m.maxMemoryGiB, Math.max(m.minMemoryGiB, Math.ceil(storagePerNodeGiB / m.memoryToDiskRatio)));
  const heapGiB = Math.min(m.maxHeapGiB, memoryPerNodeGiB / 2);
  const primaryShards = Math.min(load.dataNodes, Math.max(1, Math.ceil(load.ingestGiBPerDay / m.targetShardGiB)));
  return { totalStorageGiB, storagePerNodeGiB, memoryPerNodeGiB, heapGiB, primaryShards };
}

export interface MetricsLoad {
  readonly activeSeries: number;
  readonly scrapeIntervalSeconds: number;
  readonly retentionSeconds: number;
}

export interface PrometheusSizing {
  readonly samplesPerSecond: number;
  readonly storageGiB: number;
  readonly memoryGiB: number;
}

export function sizePrometheus(load: MetricsLoad): PrometheusSizing {
  if (load.scrapeIntervalSeconds <= 0) throw new Error(`scrapeIntervalSeconds must be positive (got ${load.scrapeIntervalSeconds})`);
  const m = PROMETHEUS_MODEL;
  const samplesPerSecond = load.activeSeries / load.scrapeIntervalSeconds;
  const storageGiB = Math.max(1, Math.ceil((load.retentionSeconds * samplesPerSecond * m.bytesPerSample * m.storageHeadroom) / GiB));
  const memoryGiB = Math.ceil((m.baseMemoryGiB + (load.activeSeries * m.bytesPerActiveSeries) / GiB) * 4) / 4;
  return { samplesPerSecond, storageGiB, memoryGiB };
}

/** `2Gi`, `512Mi`: a Kubernetes memory quantity for a size in GiB (rounded up to whole MiB). */
export function gibToQuantity(gib: number): string {
  return Number.isInteger(gib) ? `${gib}Gi` : `${Math.ceil(gib * 1024)}Mi`;
}

/** CPU for Prometheus: one core per 25,000 ingested samples/s (ingestion, rules, queries), at least 500m. */
function prometheusCpu(samplesPerSecond: number): string {
  return `${Math.max(500, Math.ceil(samplesPerSecond / 25))}m`;
}

/** CPU for an Elasticsearch data node: one core per 8 GiB of memory, at least 500m. */
function elasticsearchCpu(memoryGiB: number): string {
  return `${Math.max(500, Math.ceil(memoryGiB * 125))}m`;
}

/**
 * Where the capacity model can fill sizes in: the property path of the object (JSON Schema style, `[]` for array
 * items) and the keys it may fill. The editor JSON Schema marks exactly these as optional.
 */
export const CAPACITY_FILLED: readonly { readonly path: readonly string[]; readonly keys: readonly string[] }[] = [
  { path: ['metrics', 'prometheus'], keys: ['storageGiB', 'retentionSize', 'resources'] },
  { path: ['logging', 'elasticsearch', 'nodeSets', '[]'], keys: ['storage', 'resources'] },
];

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fills the sizes an environment file leaves out from its `capacity` section, before validation, so every construct
 * still reads one fully specified config. Anything written explicitly is kept; anything malformed is left for the
 * schema to report with its file and field path. Returns a new object; the input is not changed.
 */
export function applyCapacity(raw: Loose): Loose {
  const capacity = raw.capacity;
  if (!isObject(capacity)) return raw;
  const out: Loose = structuredClone(raw);

  const metricsLoad = capacity.metrics;
  const metrics = out.metrics;
  if (isObject(metricsLoad) && typeof metricsLoad.activeSeries === 'number' && isObject(metrics)) {
    const retention = typeof metrics.retention === 'string' ? parseDurationSeconds(metrics.retention) : undefined;
    const interval = parseDurationSeconds(typeof metrics.scrapeInterval === 'string' ? metrics.scrapeInterval : '30s');
    if (retention !== undefined && interval !== undefined && interval > 0) {
      const sizing = sizePrometheus({ activeSeries: metricsLoad.activeSeries, scrapeIntervalSeconds: interval, retentionSeconds: retention });
      const prometheus: Loose = isObject(metrics.prometheus) ? metrics.prometheus : {};
      const storageGiB = typeof prometheus.storageGiB === 'number' ? prometheus.storageGiB : sizing.storageGiB;
      metrics.prometheus = {
        ...prometheus,
        storageGiB,
        // Size-based retention as a backstop below the volume size (80%: room for the WAL and compaction).
        retentionSize: prometheus.retentionSize ?? `${Math.max(1, Math.floor(storageGiB * 0.8))}GB`,
        resources: prometheus.resources ?? { cpu: prometheusCpu(sizing.samplesPerSecond), memory: gibToQuantity(sizing.memoryGiB) },
      };
    }
  }

  const logsLoad = capacity.logs;
  const logging = out.logging;
  if (isObject(logsLoad) && typeof logsLoad.ingestGiBPerDay === 'number' && isObject(logging) && isObject(logging.elasticsearch)) {
    const es = logging.elasticsearch;
    const retention = isObject(logging.retention) && typeof logging.retention.default === 'string' ? /^(\d+)d$/.exec(logging.retention.default) : null;
    const sets = Array.isArray(es.nodeSets) ? es.nodeSets.filter(isObject) : [];
    const dataSets = sets.filter((s) => Array.isArray(s.roles) && s.roles.includes('data'));
    const dataNodes = dataSets.reduce((n, s) => n + (typeof s.count === 'number' ? s.count : 0), 0);
    if (retention?.[1] && dataNodes > 0) {
      const sizing = sizeElasticsearch({
        ingestGiBPerDay: logsLoad.ingestGiBPerDay,
        retentionDays: Number(retention[1]),
        replicas: dataNodes > 1 ? 1 : 0,
        dataNodes,
      });
      for (const set of dataSets) {
        set.storage ??= `${sizing.storagePerNodeGiB}Gi`;
        set.resources ??= { cpu: elasticsearchCpu(sizing.memoryPerNodeGiB), memory: gibToQuantity(sizing.memoryPerNodeGiB) };
      }
      es.primaryShards ??= sizing.primaryShards;
    }
  }
  return out;
}

/**
 * Remote write (Prometheus → Amazon Managed Service for Prometheus), from the same load:
 *   samples/s          = activeSeries / scrapeIntervalSeconds            (what every replica sends)
 *   maxSamplesPerSend  = 1,000                                          (AMP's recommended batch size)
 *   samples/s/shard    = maxSamplesPerSend / requestSeconds (0.25 s)    (one shard sends one batch at a time)
 *   minShards          = ceil(samples/s / samples/s/shard), at least 1  (steady state without resharding)
 *   maxShards          = ceil(catchUp (3) × samples/s / samples/s/shard), within [10, 200]
 *                        (after an outage the backlog drains at twice the ingest rate while new samples arrive)
 *   capacity           = 3 × maxSamplesPerSend                          (samples buffered per shard; Prometheus
 *                        documents 3–10 × max_samples_per_send)
 *   samples/month      = samples/s × 2,629,746 s (an average month: 365.2425 / 12 days), per replica
 */
export const REMOTE_WRITE_MODEL = {
  maxSamplesPerSend: 1000,
  requestSeconds: 0.25,
  catchUpFactor: 3,
  capacityPerSend: 3,
  minMaxShards: 10,
  maxMaxShards: 200,
  batchSendDeadline: '5s',
  minBackoff: '30ms',
  maxBackoff: '5s',
  secondsPerMonth: (365.2425 / 12) * 86_400,
} as const;

export interface RemoteWriteQueue {
  readonly capacity: number;
  readonly minShards: number;
  readonly maxShards: number;
  readonly maxSamplesPerSend: number;
  readonly batchSendDeadline: string;
  readonly minBackoff: string;
  readonly maxBackoff: string;
}

export interface RemoteWriteSizing {
  readonly samplesPerSecond: number;
  readonly queue: RemoteWriteQueue;
  /** Samples one Prometheus replica sends per month (AMP bills ingestion per sample). */
  readonly samplesPerMonthPerReplica: number;
}

export function sizeRemoteWrite(load: Pick<MetricsLoad, 'activeSeries' | 'scrapeIntervalSeconds'>): RemoteWriteSizing {
  if (load.scrapeIntervalSeconds <= 0) throw new Error(`scrapeIntervalSeconds must be positive (got ${load.scrapeIntervalSeconds})`);
  if (load.activeSeries <= 0) throw new Error(`activeSeries must be positive (got ${load.activeSeries})`);
  const m = REMOTE_WRITE_MODEL;
  const samplesPerSecond = load.activeSeries / load.scrapeIntervalSeconds;
  const perShard = m.maxSamplesPerSend / m.requestSeconds;
  const maxShards = Math.min(m.maxMaxShards, Math.max(m.minMaxShards, Math.ceil((m.catchUpFactor * samplesPerSecond) / perShard)));
  const minShards = Math.min(maxShards, Math.max(1, Math.ceil(samplesPerSecond / perShard)));
  return {
    samplesPerSecond,
    queue: {
      capacity: m.capacityPerSend * m.maxSamplesPerSend,
      minShards,
      maxShards,
      maxSamplesPerSend: m.maxSamplesPerSend,
      batchSendDeadline: m.batchSendDeadline,
      minBackoff: m.minBackoff,
      maxBackoff: m.maxBackoff,
    },
    samplesPerMonthPerReplica: Math.round(samplesPerSecond * m.secondsPerMonth),
  };
}

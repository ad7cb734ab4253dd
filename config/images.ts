/**
 * Every container image the stack runs, in one place: exact versions, never `latest` or a floating tag.
 * `config/images.lock.json` maps each `repository:tag` to its digest, resolved from the registry by
 * `scripts/resolve-image-digests.ts` (a CI job with registry access runs it); an entry that has not been resolved
 * yet is `null`, never a guessed value. Synthesized manifests reference `repository:tag@sha256:…` once resolved.
 */
import lock from './images.lock.json' with { type: 'json' };

export interface ImageSpec {
  readonly repository: string;
  readonly tag: string;
}

/**
 * Node.js 24 LTS: the one Node version of the platform. The sample service's base (`nodeRuntime` below), the
 * toolbox image (ci/toolbox/Dockerfile, `node:<version>-bookworm-slim` by digest), the pipelines (.gitlab-ci.yml
 * NODE_IMAGE, .github/workflows/ci.yml NODE_VERSION) and the service pipeline defaults (templates/service-pipeline.yml
 * `node-image`, .github/workflows/service-pipeline.yml `node-version`) all use it; test/ci/node-version.test.ts fails
 * on any file that disagrees, and Renovate proposes one grouped update (renovate.json, group "node.js").
 */
export const NODE_VERSION = '24.20.0';

/** The Elastic stack runs one version for all four products (ECK checks Kibana, Logstash and Beats against it). */
const ELASTIC_VERSION = '9.4.5';

export const IMAGES = {
  // Prometheus stays on an LTS line (3.13: supported until 2027-07-31); Renovate proposes its patch releases only.
  prometheus: { repository: 'quay.io/prometheus/prometheus', tag: 'v3.13.3' },
  alertmanager: { repository: 'quay.io/prometheus/alertmanager', tag: 'v0.33.1' },
  nodeExporter: { repository: 'quay.io/prometheus/node-exporter', tag: 'v1.11.1' },
  kubeStateMetrics: { repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics', tag: 'v2.19.1' },
  grafana: { repository: 'docker.io/grafana/grafana', tag: '13.2.3' },
  elasticsearch: { repository: 'docker.elastic.co/elasticsearch/elasticsearch', tag: ELASTIC_VERSION },
  kibana: { repository: 'docker.elastic.co/kibana/kibana', tag: ELASTIC_VERSION },
  logstash: { repository: 'docker.elastic.co/logstash/logstash', tag: ELASTIC_VERSION },
  filebeat: { repository: 'docker.elastic.co/beats/filebeat', tag: ELASTIC_VERSION },
  elasticsearchExporter: { repository: 'quay.io/prometheuscommunity/elasticsearch-exporter', tag: 'v1.11.0' },
  logstashExporter: { repository: 'docker.io/kuskoman/logstash-exporter', tag: 'v1.9.1' },
  // Turns Filebeat's /stats JSON into Prometheus metrics (cdk8s/logging/filebeat-metrics.ts).
  jsonExporter: { repository: 'quay.io/prometheuscommunity/json-exporter', tag: 'v0.7.0' },
  // Runs the idempotent Elasticsearch setup requests (retention templates) once per change.
  curl: { repository: 'docker.io/curlimages/curl', tag: '8.16.0' },
  // Node.js 24 base of the sample service's image (examples/sample-service/Dockerfile: every FROM is this reference).
  nodeRuntime: { repository: 'docker.io/library/node', tag: `${NODE_VERSION}-trixie-slim` },
} as const satisfies Record<string, ImageSpec>;

export type ImageName = keyof typeof IMAGES;

/** The lock file's shape: `repository:tag` → `sha256:<64 hex>`, or null while unresolved. */
export type ImageLock = { readonly digests: Readonly<Record<string, string | null>> };

export const IMAGE_LOCK: ImageLock = lock;

/** `repository:tag` of an image spec: the key of the lock file. */
export function taggedRef(spec: ImageSpec): string {
  return `${spec.repository}:${spec.tag}`;
}

/** `repository:tag`, plus `@sha256:…` when the lock file has the digest. */
export function imageRef(name: ImageName): string {
  const ref = taggedRef(IMAGES[name]);
  const digest = IMAGE_LOCK.digests[ref];
  return digest ? `${ref}@${digest}` : ref;
}

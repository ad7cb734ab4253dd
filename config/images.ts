/**
 * Every container image the stack runs, in one place: exact versions, never `latest` or a floating tag.
 * `config/images.lock.json` maps `repository:tag` to its digest once resolved from the registry; synthesized
 * manifests then reference `repository:tag@sha256:…`.
 */
import lock from './images.lock.json' with { type: 'json' };

export interface ImageSpec {
  readonly repository: string;
  readonly tag: string;
}

export const IMAGES = {
  prometheus: { repository: 'quay.io/prometheus/prometheus', tag: 'v3.5.3' },
  alertmanager: { repository: 'quay.io/prometheus/alertmanager', tag: 'v0.33.1' },
  nodeExporter: { repository: 'quay.io/prometheus/node-exporter', tag: 'v1.9.1' },
  kubeStateMetrics: { repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics', tag: 'v2.16.0' },
  grafana: { repository: 'docker.io/grafana/grafana', tag: '12.0.2' },
  // Elastic stack: one version for all four (ECK checks Kibana/Logstash/Beats against Elasticsearch).
  elasticsearch: { repository: 'docker.elastic.co/elasticsearch/elasticsearch', tag: '9.1.5' },
  kibana: { repository: 'docker.elastic.co/kibana/kibana', tag: '9.1.5' },
  logstash: { repository: 'docker.elastic.co/logstash/logstash', tag: '9.1.5' },
  filebeat: { repository: 'docker.elastic.co/beats/filebeat', tag: '9.1.5' },
  elasticsearchExporter: { repository: 'quay.io/prometheuscommunity/elasticsearch-exporter', tag: 'v1.9.0' },
  logstashExporter: { repository: 'docker.io/kuskoman/logstash-exporter', tag: 'v1.9.1' },
  beatExporter: { repository: 'docker.io/trustpilot/beat-exporter', tag: '0.4.0' },
  // Runs the idempotent Elasticsearch setup requests (retention templates) once per change.
  curl: { repository: 'docker.io/curlimages/curl', tag: '8.11.1' },
} as const satisfies Record<string, ImageSpec>;

export type ImageName = keyof typeof IMAGES;

const digests: Readonly<Record<string, string>> = lock.digests;

/** `repository:tag`, plus `@sha256:…` when the lock file has the digest. */
export function imageRef(name: ImageName): string {
  const { repository, tag } = IMAGES[name];
  const ref = `${repository}:${tag}`;
  const digest = digests[ref];
  return digest ? `${ref}@${digest}` : ref;
}

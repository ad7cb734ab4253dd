import { k8s } from 'cdk8s-plus-28';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { Logstash, LogstashSpecVolumeClaimTemplatesSpecResourcesRequests } from '../../imports/logstash.k8s.elastic.co.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, DNS, type Peer, PROMETHEUS_PODS } from '../lib/network-policy.js';
import { PORTS } from '../../contracts/components.js';
import { type ServiceEndpoint, serviceEndpoint } from '../../contracts/endpoints.js';
import { RESTRICTED_CONTAINER, resourcesObject, restrictedPod } from '../lib/security.js';
import { containerLogsPipeline } from './container-logs-pipeline.js';
import { oneAtATime, replicaCount, toElasticsearch } from './eck.js';
import { renderPipeline } from './pipeline.js';
import { heapOptions, logstashBytes, quantityBytes } from './sizing.js';

export const LOGSTASH_UID = 1000;
export const BEATS_PORT = PORTS.logstashBeats;
export const LOGSTASH_API_PORT = 9600;
export const LOGSTASH_EXPORTER_PORT = 9198;
/** Service (and so Prometheus `job`) of the Logstash metrics. */
export const LOGSTASH_JOB = SCRAPE_JOBS.logstash.job;

export interface LogstashPipelineProps {
  /** Name of the Logstash CR; the Beats Service is `<name>-ls-beats`. */
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly image: string;
  /** Image of the kuskoman/logstash-exporter sidecar. */
  readonly exporterImage: string;
  /** Name of the Elasticsearch CR (same namespace) to ship to; ECK provides its URL, user and CA. */
  readonly elasticsearchName: string;
  /** @default 1 */
  readonly replicas?: number;
  readonly resources: Resources;
  readonly exporterResources: Resources;
  /** Persistent queue capacity per pod, Logstash notation (`4gb`). */
  readonly queueMaxBytes: string;
  /** Dead-letter queue capacity per pod, Logstash notation (`1gb`). */
  readonly deadLetterQueueMaxBytes: string;
  /** Data volume per pod (`10Gi`); must hold both queues with 10% to spare. */
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** Who may send over the Beats protocol. @default - nobody */
  readonly beatsClients?: readonly Peer[];
}

/** Pods of an ECK Logstash. */
export function logstashPods(name: string): Record<string, string> {
  return { 'logstash.k8s.elastic.co/name': name };
}

/**
 * Logstash run by ECK: one pipeline (Beats in → parse → Elasticsearch data streams) with a persistent queue and a
 * dead-letter queue on a persistent volume, wired to Elasticsearch with `elasticsearchRefs`; node stats exported
 * by a kuskoman/logstash-exporter sidecar under job `logstash`.
 */
export class LogstashPipeline extends Construct {
  readonly beatsServiceName: string;
  readonly pods: Record<string, string>;
  /** The Beats input as a typed endpoint: what Filebeat ships to. */
  readonly beatsEndpoint: ServiceEndpoint;
  /** The rendered pipeline (Logstash configuration language). */
  readonly pipelineConfig: string;

  constructor(scope: Construct, id: string, props: LogstashPipelineProps) {
    super(scope, id);
    const replicas = replicaCount(props.replicas);
    const queues = logstashBytes(props.queueMaxBytes) + logstashBytes(props.deadLetterQueueMaxBytes);
    if (queues > quantityBytes(props.storage) * 0.9) {
      throw new Error(
        `storage ${props.storage} cannot hold queueMaxBytes ${props.queueMaxBytes} plus deadLetterQueueMaxBytes ` +
          `${props.deadLetterQueueMaxBytes} with 10% to spare; grow storage or shrink the queues`,
      );
    }
    this.beatsServiceName = `${props.name}-ls-beats`;
    this.pods = logstashPods(props.name);
    this.beatsEndpoint = serviceEndpoint({ service: this.beatsServiceName, namespace: props.namespace, port: BEATS_PORT, pods: this.pods });
    const labels = componentLabels({ name: 'logstash', component: 'pipeline', instance: props.name, version: props.version });
    // ECK exposes an elasticsearchRefs entry as <CLUSTERNAME>_ES_HOSTS, _USER, _PASSWORD, _SSL_CERTIFICATE_AUTHORITY.
    const clusterName = props.elasticsearchName;
    this.pipelineConfig = renderPipeline(
      containerLogsPipeline({ beatsPort: BEATS_PORT, elasticsearchEnvPrefix: clusterName.toUpperCase().replace(/-/g, '_') }),
    );

    new Logstash(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: labels.labels },
      spec: {
        version: props.version,
        image: props.image,
        count: replicas,
        elasticsearchRefs: [{ name: props.elasticsearchName, clusterName }],
        config: {
          'log.format': 'json',
          // Strings in the pipeline are written verbatim (see cdk8s/logging/pipeline.ts).
          'config.support_escapes': false,
        },
        pipelines: [
          {
            'pipeline.id': 'main',
            'config.string': this.pipelineConfig,
            // Events survive restarts and back-pressure is pushed to Filebeat instead of dropping.
            'queue.type': 'persisted',
            'queue.max_bytes': props.queueMaxBytes,
            // Events Elasticsearch rejects (mapping conflicts: 400/404) are kept for inspection, not dropped.
            'dead_letter_queue.enable': true,
            'dead_letter_queue.max_bytes': props.deadLetterQueueMaxBytes,
          },
        ],
        services: [
          {
            name: 'beats',
            service: { spec: { type: 'ClusterIP', ports: [{ name: 'beats', port: BEATS_PORT, protocol: 'TCP' }] } },
          },
        ],
        volumeClaimTemplates: [
          {
            // ECK mounts the volume named logstash-data at /usr/share/logstash/data (queue, dead_letter_queue).
            metadata: { name: 'logstash-data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(props.storageClass ? { storageClassName: props.storageClass } : {}),
              resources: { requests: { storage: LogstashSpecVolumeClaimTemplatesSpecResourcesRequests.fromString(props.storage) } },
            },
          },
        ],
        podTemplate: {
          metadata: { labels: labels.labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPod(LOGSTASH_UID),
            containers: [
              {
                name: 'logstash',
                resources: resourcesObject(props.resources),
                env: [{ name: 'LS_JAVA_OPTS', value: heapOptions(props.resources.memory) }],
                securityContext: RESTRICTED_CONTAINER,
                volumeMounts: [
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'logs', mountPath: '/usr/share/logstash/logs' },
                ],
                readinessProbe: { httpGet: { path: '/', port: LOGSTASH_API_PORT }, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: '/', port: LOGSTASH_API_PORT }, initialDelaySeconds: 120, periodSeconds: 30, failureThreshold: 6 },
              },
              {
                name: 'exporter',
                image: props.exporterImage,
                env: [
                  { name: 'LOGSTASH_URL', value: `http://localhost:${LOGSTASH_API_PORT}` },
                  { name: 'PORT', value: String(LOGSTASH_EXPORTER_PORT) },
                ],
                ports: [{ name: 'metrics', containerPort: LOGSTASH_EXPORTER_PORT }],
                resources: resourcesObject(props.exporterResources),
                securityContext: RESTRICTED_CONTAINER,
                readinessProbe: { httpGet: { path: '/health', port: LOGSTASH_EXPORTER_PORT } },
                livenessProbe: { httpGet: { path: '/health', port: LOGSTASH_EXPORTER_PORT }, periodSeconds: 30 },
              },
            ],
            // JRuby and the JVM write temp files; Logstash writes its log files; the root filesystem stays read-only.
            volumes: [
              { name: 'tmp', emptyDir: {} },
              { name: 'logs', emptyDir: {} },
            ],
          },
        },
      },
    });

    new k8s.KubeService(this, 'MetricsService', {
      metadata: { name: LOGSTASH_JOB, namespace: props.namespace, labels: labels.labels },
      spec: {
        selector: { ...this.pods },
        ports: [{ name: 'metrics', port: LOGSTASH_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
    new Scrape(this, 'Scrape', { name: LOGSTASH_JOB, namespace: props.namespace, serviceSelector: labels.selector, port: 'metrics' });

    oneAtATime(this, 'Pdb', { name: `${props.name}-logstash`, namespace: props.namespace, labels: labels.labels, pods: this.pods, replicas });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: props.namespace,
      name: `${props.name}-logstash`,
      pods: this.pods,
      ingress: [
        ...(props.beatsClients?.length ? [{ peers: props.beatsClients, ports: [{ port: BEATS_PORT }] }] : []),
        { peers: [PROMETHEUS_PODS], ports: [{ port: LOGSTASH_EXPORTER_PORT }] },
      ],
      egress: [DNS, toElasticsearch(props.namespace, props.elasticsearchName)],
    });
  }
}

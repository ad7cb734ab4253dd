import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { IMAGES, imageRef } from '../../config/images.js';
import { platformSecret } from '../../config/secrets.js';
import { ElasticsearchCluster } from './elasticsearch.js';
import { ElasticsearchExporter } from './elasticsearch-exporter.js';
import { beatPods, Filebeat } from './filebeat.js';
import { KibanaUi, kibanaPods } from './kibana.js';
import { LogRetention } from './log-retention.js';
import { LogstashPipeline, logstashPods } from './logstash.js';
import { SyncedSecret } from '../lib/external-secret.js';
import { retentionRequests } from './retention.js';
import { LOGGING } from './names.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';
import { ENDPOINTS } from '../../contracts/components.js';

/** The logging pipeline: Filebeat → Logstash → Elasticsearch (retention, exporters) and Kibana, all on ECK. */
export class LoggingChart extends Chart {
  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    const { env } = props;
    const cfg = env.logging;
    const ns = NAMESPACES.logging.name;
    const version = IMAGES.elasticsearch.tag;
    // File-realm users of Elasticsearch: basic-auth Secrets with the role each user gets.
    const fileRealmUser = (secretId: string, role: string) =>
      new SyncedSecret(this, `${secretId}-secret`, {
        env,
        secret: platformSecret(env, secretId),
        namespace: ns,
        template: { type: 'kubernetes.io/basic-auth', constantData: { roles: role } },
      }).secretName;
    const grafanaUser = fileRealmUser('grafana-elasticsearch', LOGGING.roles.logsReader);
    const exporterUser = fileRealmUser('elasticsearch-exporter', LOGGING.roles.monitor);

    const es = new ElasticsearchCluster(this, 'elasticsearch', {
      name: LOGGING.elasticsearch,
      namespace: ns,
      version,
      image: imageRef('elasticsearch'),
      nodeSets: cfg.elasticsearch.nodeSets,
      storageClass: cfg.elasticsearch.storageClass,
      zoneAwareness: cfg.elasticsearch.zoneAwareness,
      fileRealmSecrets: [grafanaUser, exporterUser],
      roles: {
        // Grafana's logs datasource: search the logs data streams, nothing else.
        [LOGGING.roles.logsReader]: { cluster: [], indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }] },
        // The exporter: cluster and index statistics (https://github.com/prometheus-community/elasticsearch_exporter).
        [LOGGING.roles.monitor]: { cluster: ['monitor'], indices: [{ names: ['*'], privileges: ['monitor'] }] },
      },
      httpClients: [
        { namespace: ns, pods: kibanaPods(LOGGING.kibana) },
        { namespace: ns, pods: logstashPods(LOGGING.logstash) },
        { namespace: ns, pods: { 'app.kubernetes.io/name': 'elasticsearch-exporter' } },
        { namespace: ns, pods: { 'app.kubernetes.io/name': 'log-retention' } },
        ENDPOINTS.grafana.peer,
      ],
    });
    const esUrl = es.endpoint.url();
    const esPeer = es.endpoint.peer;

    new KibanaUi(this, 'kibana', {
      name: LOGGING.kibana,
      namespace: ns,
      version,
      image: imageRef('kibana'),
      elasticsearchName: LOGGING.elasticsearch,
      replicas: cfg.kibana.replicas,
      resources: cfg.kibana.resources,
    });

    const logstash = new LogstashPipeline(this, 'logstash', {
      name: LOGGING.logstash,
      namespace: ns,
      version,
      image: imageRef('logstash'),
      exporterImage: imageRef('logstashExporter'),
      elasticsearchName: LOGGING.elasticsearch,
      replicas: cfg.logstash.replicas,
      resources: cfg.logstash.resources,
      exporterResources: cfg.exporters.resources,
      queueMaxBytes: cfg.logstash.queueMaxBytes,
      deadLetterQueueMaxBytes: cfg.logstash.deadLetterQueueMaxBytes,
      storage: cfg.logstash.storage,
      storageClass: cfg.logstash.storageClass,
      beatsClients: [{ namespace: NAMESPACES.nodeCollectors.name, pods: beatPods(LOGGING.filebeat) }],
    });

    new Filebeat(this, 'filebeat', {
      name: LOGGING.filebeat,
      namespace: NAMESPACES.nodeCollectors.name,
      version,
      image: imageRef('filebeat'),
      exporterImage: imageRef('jsonExporter'),
      resources: cfg.filebeat.resources,
      exporterResources: cfg.exporters.resources,
      logstashHost: `${logstash.beatsEndpoint.host}:${logstash.beatsEndpoint.port}`,
      logstashPeer: logstash.beatsEndpoint.peer,
      logstashPort: logstash.beatsEndpoint.port,
      vpcCidr: env.network.vpcCidr,
    });

    new ElasticsearchExporter(this, 'elasticsearch-exporter', {
      namespace: ns,
      image: imageRef('elasticsearchExporter'),
      version: IMAGES.elasticsearchExporter.tag,
      elasticsearchUrl: esUrl,
      caSecretName: es.httpCaSecretName,
      credentialsSecretName: exporterUser,
      elasticsearchPeer: esPeer,
      elasticsearchPort: es.endpoint.port,
      resources: cfg.exporters.resources,
    });

    new LogRetention(this, 'retention', {
      namespace: ns,
      image: imageRef('curl'),
      version: IMAGES.curl.tag,
      elasticsearchUrl: esUrl,
      caSecretName: es.httpCaSecretName,
      elasticUserSecretName: es.elasticUserSecretName,
      elasticsearchPeer: esPeer,
      elasticsearchPort: es.endpoint.port,
      requests: retentionRequests({
        defaultRetention: cfg.retention.default,
        namespaceRetention: cfg.retention.namespaces,
        primaryShards: cfg.elasticsearch.primaryShards,
      }),
      resources: cfg.exporters.resources,
    });
  }
}

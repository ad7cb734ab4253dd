import { k8s } from 'cdk8s-plus-28';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, DNS, type Peer, PROMETHEUS_PODS } from '../lib/network-policy.js';
import { containerResources, NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';

export const ELASTICSEARCH_EXPORTER_PORT = 9114;
/** Deployment, Service and so Prometheus `job` name. */
export const ELASTICSEARCH_EXPORTER_JOB = SCRAPE_JOBS.elasticsearch.job;

export interface ElasticsearchExporterProps {
  readonly namespace: string;
  /** Full image reference of prometheus-community/elasticsearch_exporter. */
  readonly image: string;
  /** Image tag, for the version label. */
  readonly version: string;
  /** `https://host:port` of the Elasticsearch HTTP Service. */
  readonly elasticsearchUrl: string;
  /** Secret with the CA (`ca.crt`) of the Elasticsearch HTTP certificate (ECK's `<name>-es-http-certs-public`). */
  readonly caSecretName: string;
  /** Secret with `username` and `password` of a user holding the `monitor` privileges. */
  readonly credentialsSecretName: string;
  /** The Elasticsearch pods (for the egress rule). */
  readonly elasticsearchPeer: Peer;
  readonly elasticsearchPort: number;
  readonly resources: Resources;
}

/**
 * prometheus-community/elasticsearch_exporter: cluster health, node stats of every node (`--es.all`), index stats and
 * cluster settings (disk watermarks), over TLS with a least-privilege user. Scraped as job `elasticsearch-exporter`.
 */
export class ElasticsearchExporter extends Construct {
  readonly pods: Record<string, string>;

  constructor(scope: Construct, id: string, props: ElasticsearchExporterProps) {
    super(scope, id);
    if (!props.elasticsearchUrl.startsWith('https://')) {
      throw new Error(`elasticsearchUrl "${props.elasticsearchUrl}" is not https; ECK serves Elasticsearch over TLS, use https://<service>:9200`);
    }
    const labels = componentLabels({ name: ELASTICSEARCH_EXPORTER_JOB, component: 'exporter', version: props.version });
    this.pods = labels.selector;
    const secretEnv = (name: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: props.credentialsSecretName, key } },
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: ELASTICSEARCH_EXPORTER_JOB, namespace: props.namespace, labels: labels.labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels.selector },
        template: {
          metadata: { labels: labels.labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPod(NOBODY),
            containers: [
              {
                name: 'exporter',
                image: props.image,
                args: [
                  `--es.uri=${props.elasticsearchUrl}`,
                  '--es.all',
                  '--es.indices',
                  '--collector.clustersettings',
                  '--es.ca=/etc/elasticsearch-ca/ca.crt',
                  `--web.listen-address=:${ELASTICSEARCH_EXPORTER_PORT}`,
                ],
                // The exporter reads ES_USERNAME/ES_PASSWORD; the credentials never appear in args.
                env: [secretEnv('ES_USERNAME', 'username'), secretEnv('ES_PASSWORD', 'password')],
                ports: [{ name: 'metrics', containerPort: ELASTICSEARCH_EXPORTER_PORT }],
                resources: containerResources(props.resources),
                securityContext: RESTRICTED_CONTAINER,
                volumeMounts: [{ name: 'elasticsearch-ca', mountPath: '/etc/elasticsearch-ca', readOnly: true }],
                readinessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('metrics') } },
                livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('metrics') }, periodSeconds: 30 },
              },
            ],
            volumes: [{ name: 'elasticsearch-ca', secret: { secretName: props.caSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }],
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: ELASTICSEARCH_EXPORTER_JOB, namespace: props.namespace, labels: labels.labels },
      spec: {
        selector: labels.selector,
        ports: [{ name: 'metrics', port: ELASTICSEARCH_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
    // Every scrape queries the cluster; timeouts are the exporter's (5s), within Prometheus' default 10s.
    new Scrape(this, 'Scrape', { name: ELASTICSEARCH_EXPORTER_JOB, namespace: props.namespace, serviceSelector: labels.selector, port: 'metrics' });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: props.namespace,
      name: ELASTICSEARCH_EXPORTER_JOB,
      pods: this.pods,
      ingress: [{ peers: [PROMETHEUS_PODS], ports: [{ port: ELASTICSEARCH_EXPORTER_PORT }] }],
      egress: [DNS, { peers: [props.elasticsearchPeer], ports: [{ port: props.elasticsearchPort }] }],
    });
  }
}

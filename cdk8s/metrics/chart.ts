import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { imageRef } from '../../config/images.js';
import { platformSecret } from '../../config/secrets.js';
import { CrossNamespaceSecret } from '../lib/cross-namespace-secret.js';
import { Grafana } from './grafana.js';
import { KubeStateMetrics } from './kube-state-metrics.js';
import { KubeletScrape } from './kubelet-scrape.js';
import { ControlPlaneScrape } from './control-plane-scrape.js';
import { NodeExporter } from './node-exporter.js';
import { OperatorScrapes } from './operator-scrapes.js';
import { Prometheus } from './prometheus.js';
import { SyncedSecret } from '../lib/external-secret.js';
import { elasticsearchHttpCaSecret } from '../logging/eck.js';
import { LOGGING } from '../logging/names.js';
import { platformDashboards, serviceDashboards } from './dashboards/index.js';
import { RecordingRules } from './recording-rules/index.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';
import { ENDPOINTS } from '../../contracts/components.js';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';
import { AMP_REMOTE_NAME, longTermWorkspace } from '../../contracts/long-term-metrics.js';
import { sizeRemoteWrite } from '../../config/capacity.js';
import { parseDurationSeconds } from '../../config/sections/primitives.js';
import type { Environment } from '../../config/derive.js';
import type { RemoteWriteTarget } from './remote-write.js';
import { querySelectors } from '../../contracts/scrape-jobs.js';

const MONITORING = NAMESPACES.monitoring.name;

/** What Grafana's datasources and egress rules need of a Service. */
const upstream = (endpoint: ServiceEndpoint) => ({ url: endpoint.url(), peer: endpoint.peer, port: endpoint.port });

/**
 * The AMP workspace to remote-write to, once its id is in config; the queue is sized from the expected active series
 * (capacity.metrics.activeSeries, required in amp mode by the config rules) and the scrape interval.
 */
export function longTermTarget(env: Environment): RemoteWriteTarget | undefined {
  const ws = longTermWorkspace(env);
  if (!ws?.endpoints) return undefined;
  const activeSeries = env.capacity?.metrics?.activeSeries;
  const interval = parseDurationSeconds(env.metrics.scrapeInterval);
  if (activeSeries === undefined || interval === undefined) {
    throw new Error('metrics.longTerm: amp mode needs capacity.metrics.activeSeries to size the remote-write queue');
  }
  return { name: AMP_REMOTE_NAME, url: ws.endpoints.remoteWriteUrl, region: ws.region, queue: sizeRemoteWrite({ activeSeries, scrapeIntervalSeconds: interval }).queue };
}

/** Metrics: Prometheus, its exporters, the kubelet scrape, recording rules and Grafana (with a dashboard per catalog service; their ServiceMonitors are in the services chart). */
export class MetricsChart extends Chart {
  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    const { env } = props;
    const m = env.metrics;
    const queries = querySelectors(m.queries);
    const secret = (secretId: string) =>
      new SyncedSecret(this, `Secret-${secretId}`, { env, secret: platformSecret(env, secretId), namespace: MONITORING });

    const remoteWrite = longTermTarget(env);
    const workspace = longTermWorkspace(env);
    const prometheus = new Prometheus(this, 'prometheus', {
      namespace: MONITORING,
      image: imageRef('prometheus'),
      replicas: m.prometheus.replicas,
      resources: m.prometheus.resources,
      storageGiB: m.prometheus.storageGiB,
      retention: m.retention,
      retentionSize: m.prometheus.retentionSize,
      scrapeInterval: m.scrapeInterval,
      evaluationInterval: m.prometheus.evaluationInterval,
      externalLabels: { cluster: env.clusterName, environment: env.name },
      vpcCidr: env.network.vpcCidr,
      queriers: [ENDPOINTS.grafana.peer],
      ...(remoteWrite ? { remoteWrite } : {}),
    });
    new KubeletScrape(this, 'kubelet');
    new ControlPlaneScrape(this, 'control-plane');
    new OperatorScrapes(this, 'operators');
    new NodeExporter(this, 'node-exporter', {
      namespace: NAMESPACES.nodeCollectors.name,
      image: imageRef('nodeExporter'),
      resources: m.nodeExporter.resources,
    });
    new KubeStateMetrics(this, 'kube-state-metrics', {
      namespace: MONITORING,
      image: imageRef('kubeStateMetrics'),
      resources: m.kubeStateMetrics.resources,
      vpcCidr: env.network.vpcCidr,
    });
    new RecordingRules(this, 'recording-rules', { namespace: MONITORING, queries });

    // ECK publishes the CA of Elasticsearch's HTTP certificate in `logging` only; Grafana verifies TLS with a copy.
    const elasticsearchCa = new CrossNamespaceSecret(this, 'elasticsearch-ca', {
      sourceNamespace: NAMESPACES.logging.name,
      sourceSecretName: elasticsearchHttpCaSecret(LOGGING.elasticsearch),
      keys: ['ca.crt'],
      namespace: MONITORING,
      secretName: 'elasticsearch-ca',
    });
    new Grafana(this, 'grafana', {
      namespace: MONITORING,
      image: imageRef('grafana'),
      replicas: m.grafana.replicas,
      resources: m.grafana.resources,
      scrapeInterval: m.scrapeInterval,
      dashboards: [...platformDashboards(queries, { services: env.services, gatewayAuth: env.gateway.auth.mode }), ...serviceDashboards(env.services, queries)],
      adminSecretName: secret('grafana-admin').secretName,
      elasticsearchSecretName: secret('grafana-elasticsearch').secretName,
      prometheus: upstream(prometheus.endpoint),
      // Alertmanager and Elasticsearch live in other charts: their endpoints come from the contracts.
      alertmanager: upstream(ENDPOINTS.alertmanager),
      elasticsearch: { ...upstream(ENDPOINTS.elasticsearch), caSecretName: elasticsearchCa.secretName },
      ...(workspace?.endpoints
        ? { longTerm: { url: workspace.endpoints.queryUrl, region: workspace.region, roleArn: workspace.readerRoleArn, vpcCidr: env.network.vpcCidr } }
        : {}),
    });
  }
}

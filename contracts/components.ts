/**
 * The platform components other components (and the other synthesizer) connect to: names, namespaces, ports, pod
 * selectors and scrape job names. Change a value here and every producer and consumer follows.
 */
import { NAMESPACES } from '../config/derive.js';
import { serviceEndpoint } from './endpoints.js';

const MONITORING = NAMESPACES.monitoring.name;
const LOGGING = NAMESPACES.logging.name;

/** The `app.kubernetes.io/name` label of a component's pods. */
export const appName = (name: string): Readonly<Record<string, string>> => ({ 'app.kubernetes.io/name': name });

/** Names of the ECK resources of the logging domain (ECK derives Service names from them). */
export const ECK_NAMES = {
  /** Elasticsearch CR in `logging`: Service `logging-es-http` (TLS, 9200). */
  elasticsearch: 'logging',
  /** Kibana CR in `logging`: Service `logging-kb-http` (TLS, 5601). */
  kibana: 'logging',
  /** Logstash CR in `logging`: Beats Service `logging-ls-beats` (5044). */
  logstash: 'logging',
  /** Beat CR (type filebeat) in `node-collectors`. */
  filebeat: 'filebeat',
} as const;

/** Ports the components serve. */
export const PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
  elasticsearch: 9200,
  kibana: 5601,
  logstashBeats: 5044,
  nodeExporter: 9100,
} as const;

/** The Services of the platform components, as typed endpoints. */
export const ENDPOINTS = {
  prometheus: serviceEndpoint({ service: 'prometheus', namespace: MONITORING, port: PORTS.prometheus, portName: 'web', pods: appName('prometheus') }),
  alertmanager: serviceEndpoint({ service: 'alertmanager', namespace: MONITORING, port: PORTS.alertmanager, portName: 'web', pods: appName('alertmanager') }),
  grafana: serviceEndpoint({ service: 'grafana', namespace: MONITORING, port: PORTS.grafana, portName: 'http', pods: appName('grafana') }),
  elasticsearch: serviceEndpoint({
    service: `${ECK_NAMES.elasticsearch}-es-http`,
    namespace: LOGGING,
    port: PORTS.elasticsearch,
    scheme: 'https',
    pods: { 'elasticsearch.k8s.elastic.co/cluster-name': ECK_NAMES.elasticsearch },
  }),
  kibana: serviceEndpoint({
    service: `${ECK_NAMES.kibana}-kb-http`,
    namespace: LOGGING,
    port: PORTS.kibana,
    scheme: 'https',
    pods: { 'kibana.k8s.elastic.co/name': ECK_NAMES.kibana },
  }),
} as const;

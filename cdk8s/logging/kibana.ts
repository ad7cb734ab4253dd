import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import { Kibana } from '../../imports/kibana.k8s.elastic.co.js';
import { componentLabels } from '../lib/labels.js';
import { allowTraffic, DNS, GATEWAY_PROXIES } from '../lib/network-policy.js';
import { PORTS } from '../../contracts/components.js';
import { RESTRICTED_CONTAINER, resourcesObject, restrictedPod } from '../lib/security.js';
import { oneAtATime, replicaCount, toElasticsearch } from './eck.js';
import { ECK_OPERATOR } from './elasticsearch.js';

export const KIBANA_UID = 1000;
export const KIBANA_PORT = PORTS.kibana;

export interface KibanaUiProps {
  /** Name of the Kibana CR; ECK names the Service `<name>-kb-http` (TLS on 5601). */
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly image: string;
  /** Name of the Elasticsearch CR (same namespace) Kibana connects to; ECK wires credentials and CA. */
  readonly elasticsearchName: string;
  /** @default 1 */
  readonly replicas?: number;
  readonly resources: Resources;
}

/** Pods of an ECK Kibana. */
export function kibanaPods(name: string): Record<string, string> {
  return { 'kibana.k8s.elastic.co/name': name };
}

/**
 * Kibana run by ECK, connected to Elasticsearch through `elasticsearchRef` (ECK creates its service account token
 * and trusts the cluster's CA). TLS stays on (`<name>-kb-http`); users reach it only through the gateway.
 */
export class KibanaUi extends Construct {
  readonly httpServiceName: string;
  readonly pods: Record<string, string>;

  constructor(scope: Construct, id: string, props: KibanaUiProps) {
    super(scope, id);
    const replicas = replicaCount(props.replicas);
    this.httpServiceName = `${props.name}-kb-http`;
    this.pods = kibanaPods(props.name);
    const labels = componentLabels({ name: 'kibana', component: 'ui', instance: props.name, version: props.version });

    new Kibana(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: labels.labels },
      spec: {
        version: props.version,
        image: props.image,
        count: replicas,
        elasticsearchRef: { name: props.elasticsearchName },
        config: {
          // The cluster has no internet egress: no telemetry, no news feed.
          'telemetry.optIn': false,
          'telemetry.allowChangingOptInStatus': false,
          'newsfeed.enabled': false,
        },
        podTemplate: {
          metadata: { labels: labels.labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPod(KIBANA_UID),
            containers: [
              {
                name: 'kibana',
                resources: resourcesObject(props.resources),
                securityContext: RESTRICTED_CONTAINER,
                // ECK's own readiness probe (/login over TLS), stated so it is visible; liveness restarts a Kibana
                // whose port is gone.
                readinessProbe: {
                  httpGet: { scheme: 'HTTPS', path: '/login', port: KIBANA_PORT },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                livenessProbe: { tcpSocket: { port: KIBANA_PORT }, initialDelaySeconds: 120, periodSeconds: 30, failureThreshold: 6 },
              },
            ],
          },
        },
      },
    });

    oneAtATime(this, 'Pdb', { name: `${props.name}-kibana`, namespace: props.namespace, labels: labels.labels, pods: this.pods, replicas });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: props.namespace,
      name: `${props.name}-kibana`,
      pods: this.pods,
      ingress: [{ peers: [GATEWAY_PROXIES, ECK_OPERATOR], ports: [{ port: KIBANA_PORT }] }],
      egress: [DNS, toElasticsearch(props.namespace, props.elasticsearchName)],
    });
  }
}

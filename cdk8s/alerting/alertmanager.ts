import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { imageRef, IMAGES } from '../../config/images.js';
import type { Resources } from '../../config/sections/primitives.js';
import {
  Alertmanager as AlertmanagerCr,
  AlertmanagerSpecResourcesLimits,
  AlertmanagerSpecResourcesRequests,
  AlertmanagerSpecStorageVolumeClaimTemplateSpecResourcesRequests,
} from '../../imports/monitoring.coreos.com.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, DNS, GATEWAY_PROXIES, type Peer, PROMETHEUS_PODS, PUBLIC_INTERNET } from '../lib/network-policy.js';
import { RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';
import { ENDPOINTS } from '../../contracts/components.js';
import { type ServiceEndpoint, serviceEndpoint } from '../../contracts/endpoints.js';

/** Name of the Alertmanager CR (contract: `main`). */
export const ALERTMANAGER_NAME = 'main';
/** Our Service in front of the pods (contract: `alertmanager`, port `web`). */
export const ALERTMANAGER_SERVICE = ENDPOINTS.alertmanager.service;
export const ALERTMANAGER_WEB_PORT = ENDPOINTS.alertmanager.port;
/** Gossip port of the Alertmanager cluster (TCP and UDP). */
export const ALERTMANAGER_MESH_PORT = 9094;
/** Secret that holds `alertmanager.yaml` and the message templates. */
export const ALERTMANAGER_CONFIG_SECRET = 'alertmanager-main-config';

/** Labels prometheus-operator puts on the Alertmanager pods; stable, so selectors use them. */
const POD_SELECTOR = { 'app.kubernetes.io/name': 'alertmanager', alertmanager: ALERTMANAGER_NAME };

/** Grafana pods (its Alertmanager datasource). */
const GRAFANA_PODS: Peer = ENDPOINTS.grafana.peer;

export interface AlertmanagerProps {
  /** Namespace to run in. */
  readonly namespace: string;
  /** Pods; more than one forms a gossip cluster. */
  readonly replicas: number;
  /** Requests (memory also the limit) of the alertmanager container. */
  readonly resources: Resources;
  /** Persistent volume per replica, for silences and the notification log. */
  readonly storageGiB: number;
  /**
   * How long silences and the notification log are kept.
   * @default '120h'
   */
  readonly retention?: string;
  /** The complete, credential-free `alertmanager.yaml`. */
  readonly configYaml: string;
  /** Extra files stored beside `alertmanager.yaml` (message templates), by file name. */
  readonly configFiles: Readonly<Record<string, string>>;
  /** Secret with receiver credentials, mounted by the operator under /etc/alertmanager/secrets/<name>/. */
  readonly receiverSecretName: string;
  /**
   * SMTP port receivers may connect to.
   * @default 587
   */
  readonly smtpPort?: number;
  /**
   * Minimum pods kept during voluntary disruptions.
   * @default - replicas - 1 (at least one may always be evicted)
   */
  readonly minAvailable?: number;
}

/**
 * Alertmanager run by prometheus-operator: the CR `main` reading its configuration from a Secret, our Service
 * `alertmanager` (port `web`), a ServiceAccount without token, a PodDisruptionBudget, zone and host spread, the
 * NetworkPolicies it needs (UI/API from Prometheus, Grafana and the gateway; gossip between replicas; egress to
 * receivers over HTTPS and SMTP) and its ServiceMonitor.
 */
export class Alertmanager extends Construct {
  readonly serviceName = ALERTMANAGER_SERVICE;
  /** Our Service in front of the pods: what Prometheus, Grafana and the gateway connect to. */
  readonly endpoint: ServiceEndpoint;

  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    this.endpoint = serviceEndpoint({
      service: ALERTMANAGER_SERVICE,
      namespace: props.namespace,
      port: ALERTMANAGER_WEB_PORT,
      portName: 'web',
      pods: { 'app.kubernetes.io/name': 'alertmanager' },
    });
    if (!Number.isInteger(props.replicas) || props.replicas < 1) {
      throw new Error(`alertmanager replicas must be a positive integer (got ${props.replicas}); use 3 or more for production`);
    }
    if ('alertmanager.yaml' in props.configFiles) {
      throw new Error('configFiles must not contain "alertmanager.yaml"; pass the configuration as configYaml');
    }
    const minAvailable = props.minAvailable ?? Math.max(props.replicas - 1, 0);
    if (minAvailable >= props.replicas) {
      throw new Error(`alertmanager minAvailable ${minAvailable} blocks every node drain with ${props.replicas} replicas; use at most ${props.replicas - 1}`);
    }
    const ns = props.namespace;
    const { labels, selector } = componentLabels({ name: 'alertmanager', instance: ALERTMANAGER_NAME, component: 'alerting', version: IMAGES.alertmanager.tag });

    const sa = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: `alertmanager-${ALERTMANAGER_NAME}`, namespace: ns, labels },
      automountServiceAccountToken: false,
    });

    new k8s.KubeSecret(this, 'Config', {
      metadata: { name: ALERTMANAGER_CONFIG_SECRET, namespace: ns, labels },
      type: 'Opaque',
      stringData: { 'alertmanager.yaml': props.configYaml, ...props.configFiles },
    });

    const spread = (topologyKey: string, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway') => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable,
      labelSelector: { matchLabels: { ...POD_SELECTOR } },
    });

    new AlertmanagerCr(this, 'Resource', {
      metadata: { name: ALERTMANAGER_NAME, namespace: ns, labels },
      spec: {
        image: imageRef('alertmanager'),
        version: IMAGES.alertmanager.tag,
        replicas: props.replicas,
        retention: props.retention ?? '120h',
        serviceAccountName: sa.name,
        automountServiceAccountToken: false,
        configSecret: ALERTMANAGER_CONFIG_SECRET,
        secrets: [props.receiverSecretName],
        podMetadata: { labels: { ...labels } },
        securityContext: restrictedPod(),
        containers: [
          { name: 'alertmanager', securityContext: RESTRICTED_CONTAINER },
          { name: 'config-reloader', securityContext: RESTRICTED_CONTAINER },
        ],
        resources: {
          requests: {
            cpu: AlertmanagerSpecResourcesRequests.fromString(props.resources.cpu),
            memory: AlertmanagerSpecResourcesRequests.fromString(props.resources.memory),
          },
          limits: { memory: AlertmanagerSpecResourcesLimits.fromString(props.resources.memory) },
        },
        storage: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: AlertmanagerSpecStorageVolumeClaimTemplateSpecResourcesRequests.fromString(`${props.storageGiB}Gi`) } },
            },
          },
        },
        topologySpreadConstraints: [spread('topology.kubernetes.io/zone', 'ScheduleAnyway'), spread('kubernetes.io/hostname', 'DoNotSchedule')],
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: ALERTMANAGER_SERVICE, namespace: ns, labels },
      spec: {
        selector: { ...POD_SELECTOR },
        ports: [{ name: 'web', port: ALERTMANAGER_WEB_PORT, targetPort: k8s.IntOrString.fromString('web') }],
        sessionAffinity: 'ClientIP',
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'Budget', {
      metadata: { name: `alertmanager-${ALERTMANAGER_NAME}`, namespace: ns, labels },
      spec: { minAvailable: k8s.IntOrString.fromNumber(minAvailable), selector: { matchLabels: { ...POD_SELECTOR } } },
    });

    const self: Peer = { namespace: ns, pods: { ...POD_SELECTOR } };
    const mesh = [{ port: ALERTMANAGER_MESH_PORT }, { port: ALERTMANAGER_MESH_PORT, protocol: 'UDP' as const }];
    allowTraffic(this, 'AllowWeb', {
      namespace: ns,
      name: 'alertmanager-web',
      pods: POD_SELECTOR,
      ingress: [{ peers: [PROMETHEUS_PODS, GRAFANA_PODS, GATEWAY_PROXIES], ports: [{ port: ALERTMANAGER_WEB_PORT }] }],
    });
    allowTraffic(this, 'AllowMesh', {
      namespace: ns,
      name: 'alertmanager-mesh',
      pods: POD_SELECTOR,
      ingress: [{ peers: [self], ports: mesh }],
      egress: [{ peers: [self], ports: mesh }],
    });
    allowTraffic(this, 'AllowReceivers', {
      namespace: ns,
      name: 'alertmanager-receivers',
      pods: POD_SELECTOR,
      egress: [DNS, { peers: [PUBLIC_INTERNET], ports: [{ port: 443 }, { port: props.smtpPort ?? 587 }] }],
    });

    new Scrape(this, 'Scrape', { name: 'alertmanager', namespace: ns, serviceSelector: selector, port: 'web' });
  }
}

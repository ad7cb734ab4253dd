import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import {
  Prometheus as PrometheusCr,
  PrometheusSpecAlertingAlertmanagersPort,
  PrometheusSpecContainersLivenessProbeHttpGetPort,
  PrometheusSpecContainersReadinessProbeHttpGetPort,
  PrometheusSpecResourcesLimits,
  PrometheusSpecResourcesRequests,
  PrometheusSpecStorageVolumeClaimTemplateSpecResourcesRequests,
} from '../../imports/monitoring.coreos.com.js';
import { componentLabels } from '../lib/labels.js';
import { PROMETHEUS_SELECTOR, Scrape } from '../lib/monitoring.js';
import { allowTraffic, apiServer, DNS, GATEWAY_PROXIES, type Peer, POD_IDENTITY_AGENT } from '../lib/network-policy.js';
import { NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';
import { ENDPOINTS } from '../../contracts/components.js';
import { type ServiceEndpoint, serviceEndpoint } from '../../contracts/endpoints.js';
import { PROMETHEUS_SERVICE_ACCOUNT } from '../../contracts/long-term-metrics.js';
import { type RemoteWriteTarget, remoteWriteSpec } from './remote-write.js';

/** Name of the Prometheus CR (contract). */
export const PROMETHEUS_NAME = 'platform';
/** Our Service in front of the Prometheus pods (contract), and its port. */
export const PROMETHEUS_SERVICE = { name: ENDPOINTS.prometheus.service, port: 'web', number: ENDPOINTS.prometheus.port } as const;
const RELOADER_PORT = { name: 'reloader-web', number: 8080 } as const;

export interface PrometheusProps {
  /** Namespace of Prometheus (and of the Alertmanager it sends to). */
  readonly namespace: string;
  /** Image reference of Prometheus (`imageRef('prometheus')`). */
  readonly image: string;
  /** Number of replicas; each scrapes every target and keeps its own copy. At least 2 for high availability. */
  readonly replicas: number;
  readonly resources: Resources;
  /** Size of each replica's persistent volume (default StorageClass). */
  readonly storageGiB: number;
  /** Time-based retention, e.g. `15d`. */
  readonly retention: string;
  /** Size-based retention, e.g. `40GB`. */
  readonly retentionSize: string;
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  /** External labels put on every series and alert that leaves Prometheus (cluster, environment). */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** VPC CIDR: the EKS API server, node IPs and (with the VPC CNI) every pod IP are in it. */
  readonly vpcCidr: string;
  /** Pods allowed to query Prometheus besides the gateway proxies (e.g. Grafana). */
  readonly queriers: readonly Peer[];
  /** Alertmanager Service to send alerts to, in `namespace`. @default - { name: 'alertmanager', port: 'web' } */
  readonly alertmanager?: { readonly name: string; readonly port: string };
  /** Pod labels of Alertmanager, for the egress rule. @default - { 'app.kubernetes.io/name': 'alertmanager' } */
  readonly alertmanagerPods?: Readonly<Record<string, string>>;
  /**
   * Long-term store to remote-write every sample to (Amazon Managed Service for Prometheus, SigV4 with the Pod
   * Identity role of the ServiceAccount). Also sets the `__replica__` external label so AMP deduplicates the replicas.
   * @default - no remote write
   */
  readonly remoteWrite?: RemoteWriteTarget;
}

/**
 * The stack's Prometheus: the prometheus-operator `Prometheus` CR plus everything it needs and the operator does not
 * create — ServiceAccount with discovery RBAC, our `prometheus` Service, PodDisruptionBudget, NetworkPolicy and the
 * ServiceMonitor that scrapes Prometheus itself.
 */
export class Prometheus extends Construct {
  readonly serviceName = PROMETHEUS_SERVICE.name;
  readonly prometheus: PrometheusCr;
  /** Our Service in front of the pods: what Grafana, the gateway and other queriers connect to. */
  readonly endpoint: ServiceEndpoint;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    if (!Number.isInteger(props.replicas) || props.replicas < 1) {
      throw new Error(`prometheus replicas must be a whole number of at least 1 (got ${props.replicas}); use 2 or more for high availability`);
    }
    if (!Number.isInteger(props.storageGiB) || props.storageGiB < 1) {
      throw new Error(`prometheus storageGiB must be a whole number of at least 1 (got ${props.storageGiB})`);
    }
    const ns = props.namespace;
    const version = props.image.split(':')[1]?.split('@')[0] ?? 'unknown';
    const { labels } = componentLabels({ name: 'prometheus', component: 'server', version, instance: PROMETHEUS_NAME });
    // The operator labels pods with app.kubernetes.io/name=prometheus and instance=<CR name>; select on those.
    const podSelector = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': PROMETHEUS_NAME };
    const alertmanager = props.alertmanager ?? { name: ENDPOINTS.alertmanager.service, port: 'web' };

    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: PROMETHEUS_SERVICE_ACCOUNT.name, namespace: ns, labels },
      // Prometheus discovers targets through the API server, so it needs its token.
      automountServiceAccountToken: true,
    });
    const role = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: 'prometheus-platform', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: 'prometheus-platform', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: ns }],
    });

    const allNamespaces = {};
    this.endpoint = serviceEndpoint({
      service: PROMETHEUS_SERVICE.name,
      namespace: ns,
      port: PROMETHEUS_SERVICE.number,
      portName: PROMETHEUS_SERVICE.port,
      pods: { 'app.kubernetes.io/name': 'prometheus' },
    });
    this.prometheus = new PrometheusCr(this, 'Resource', {
      metadata: { name: PROMETHEUS_NAME, namespace: ns, labels },
      spec: {
        image: props.image,
        version,
        replicas: props.replicas,
        serviceAccountName: serviceAccount.name,
        automountServiceAccountToken: true,
        podMetadata: { labels },
        retention: props.retention,
        retentionSize: props.retentionSize,
        scrapeInterval: props.scrapeInterval,
        evaluationInterval: props.evaluationInterval,
        externalLabels: { ...props.externalLabels },
        // Not Helm's `release` label: every object carrying PROMETHEUS_SELECTOR, in any namespace.
        serviceMonitorSelector: { matchLabels: { ...PROMETHEUS_SELECTOR } },
        serviceMonitorNamespaceSelector: allNamespaces,
        podMonitorSelector: { matchLabels: { ...PROMETHEUS_SELECTOR } },
        podMonitorNamespaceSelector: allNamespaces,
        ruleSelector: { matchLabels: { ...PROMETHEUS_SELECTOR } },
        ruleNamespaceSelector: allNamespaces,
        alerting: {
          alertmanagers: [
            { name: alertmanager.name, namespace: ns, port: PrometheusSpecAlertingAlertmanagersPort.fromString(alertmanager.port) },
          ],
        },
        resources: {
          requests: {
            cpu: PrometheusSpecResourcesRequests.fromString(props.resources.cpu),
            memory: PrometheusSpecResourcesRequests.fromString(props.resources.memory),
          },
          limits: { memory: PrometheusSpecResourcesLimits.fromString(props.resources.memory) },
        },
        storage: {
          volumeClaimTemplate: {
            // No storageClassName: the cluster default (gp3, set by the infra stack).
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: {
                requests: { storage: PrometheusSpecStorageVolumeClaimTemplateSpecResourcesRequests.fromString(`${props.storageGiB}Gi`) },
              },
            },
          },
        },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            // Hard for HA: two replicas in one zone would both be lost with it.
            whenUnsatisfiable: props.replicas > 1 ? 'DoNotSchedule' : 'ScheduleAnyway',
            labelSelector: { matchLabels: podSelector },
          },
        ],
        securityContext: { ...restrictedPod(NOBODY) },
        // Strategic merge with the operator's containers: restricted security context on both.
        containers: [
          {
            name: 'prometheus',
            securityContext: { ...RESTRICTED_CONTAINER },
            // The operator's own probes, spelled out so they are visible (and kept) in the CR.
            readinessProbe: { httpGet: { path: '/-/ready', port: PrometheusSpecContainersReadinessProbeHttpGetPort.fromString('web') }, periodSeconds: 5, failureThreshold: 3 },
            livenessProbe: { httpGet: { path: '/-/healthy', port: PrometheusSpecContainersLivenessProbeHttpGetPort.fromString('web') }, periodSeconds: 5, failureThreshold: 6 },
          },
          { name: 'config-reloader', securityContext: { ...RESTRICTED_CONTAINER } },
        ],
        ...(props.remoteWrite
          ? {
              remoteWrite: [remoteWriteSpec(props.remoteWrite)],
              // AMP's HA deduplication keys on `cluster` (an external label above) and `__replica__` (the pod name):
              // it keeps one replica's samples and strips the label, so the long-term store holds one copy.
              replicaExternalLabelName: '__replica__',
            }
          : {}),
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: PROMETHEUS_SERVICE.name, namespace: ns, labels },
      spec: {
        selector: podSelector,
        ports: [
          { name: PROMETHEUS_SERVICE.port, port: PROMETHEUS_SERVICE.number, targetPort: k8s.IntOrString.fromString('web') },
          { name: RELOADER_PORT.name, port: RELOADER_PORT.number, targetPort: k8s.IntOrString.fromString(RELOADER_PORT.name) },
        ],
        // Both replicas scrape the same targets; a client sticks to one so consecutive queries agree.
        sessionAffinity: 'ClientIP',
      },
    });

    // The operator creates no PodDisruptionBudget: keep one replica up through node drains.
    new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: { name: 'prometheus', namespace: ns, labels },
      spec: {
        ...(props.replicas > 1 ? { minAvailable: k8s.IntOrString.fromNumber(1) } : { maxUnavailable: k8s.IntOrString.fromNumber(1) }),
        selector: { matchLabels: podSelector },
      },
    });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: ns,
      name: 'prometheus',
      pods: podSelector,
      ingress: [
        { peers: [...props.queriers, GATEWAY_PROXIES], ports: [{ port: PROMETHEUS_SERVICE.number }] },
        // Self-scrape (both replicas scrape each other and their config reloaders).
        { peers: [{ namespace: ns, pods: podSelector }], ports: [{ port: PROMETHEUS_SERVICE.number }, { port: RELOADER_PORT.number }] },
      ],
      egress: [
        DNS,
        apiServer(props.vpcCidr),
        { peers: [{ namespace: ns, pods: props.alertmanagerPods ?? ENDPOINTS.alertmanager.peer.pods }], ports: [{ port: ENDPOINTS.alertmanager.port }] },
        // Scrape targets: Prometheus scrapes any namespace (the service catalog adds namespaces at will), on ports the
        // ServiceMonitors name, plus kubelets and host-network exporters on node IPs. With the EKS VPC CNI every pod
        // and node IP is inside the VPC CIDR, so one rule to the VPC on any port covers all targets and nothing
        // outside the cluster's network. A tighter list would silently break onboarding of a new service.
        { peers: [{ cidr: props.vpcCidr }], ports: [] },
        // Remote write: credentials from the Pod Identity agent; the samples go to AMP through the aps-workspaces
        // interface endpoint, whose addresses are in the VPC (the rule above already allows them).
        ...(props.remoteWrite ? [POD_IDENTITY_AGENT] : []),
      ],
    });

    new Scrape(this, 'Scrape', {
      name: 'prometheus',
      namespace: ns,
      serviceSelector: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': PROMETHEUS_NAME },
      port: PROMETHEUS_SERVICE.port,
    });
  }
}

import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { SCRAPE_JOBS } from '../../contracts/scrape-jobs.js';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { Resources } from '../../config/sections/primitives.js';
import { Beat } from '../../imports/beat.k8s.elastic.co.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, apiServer, DNS, type Peer, PROMETHEUS_PODS } from '../lib/network-policy.js';
import { NOBODY, RESTRICTED_CONTAINER, resourcesObject } from '../lib/security.js';
import { JSON_EXPORTER_MODULE, jsonExporterConfig } from './filebeat-metrics.js';

/** Filebeat's own HTTP monitoring endpoint (`/`, `/stats`); its documented default port. */
export const FILEBEAT_HTTP_PORT = 5066;
/** json_exporter's listen port (its default, `--web.listen-address=:7979`). */
export const JSON_EXPORTER_PORT = 7979;
/** The only URL the exporter fetches: Filebeat's stats in the same pod. */
export const FILEBEAT_STATS_URL = `http://localhost:${FILEBEAT_HTTP_PORT}/stats`;
const EXPORTER_CONFIG_DIR = '/etc/json-exporter';
/** Service (and so Prometheus `job`) of the Filebeat metrics. */
export const FILEBEAT_JOB = SCRAPE_JOBS.filebeat.job;

export interface FilebeatProps {
  /** Name of the Beat CR. */
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly image: string;
  /** Image of the prometheus-community json_exporter sidecar that turns Filebeat's `/stats` into metrics. */
  readonly exporterImage: string;
  readonly resources: Resources;
  readonly exporterResources: Resources;
  /** `host:port` of the Logstash Beats Service. */
  readonly logstashHost: string;
  /** The Logstash pods (for the egress rule). */
  readonly logstashPeer: Peer;
  /** Port of the Logstash Beats input. */
  readonly logstashPort: number;
  /** VPC CIDR, for egress to the EKS API server (autodiscover watches pods). */
  readonly vpcCidr: string;
}

/** Pods of an ECK Beat. */
export function beatPods(name: string): Record<string, string> {
  return { 'beat.k8s.elastic.co/name': name };
}

/** Where the node keeps Filebeat's registry (read positions), so a restarted pod does not re-ship old lines. */
const dataDir = (namespace: string, name: string) => `/var/lib/${namespace}/${name}/filebeat-data`;

/**
 * Filebeat as an ECK Beat DaemonSet: reads every container log file on its node, adds Kubernetes metadata through
 * autodiscover, and ships to Logstash over the Beats protocol. Its HTTP stats (`/stats`) are turned into Prometheus
 * metrics by a prometheus-community json_exporter sidecar (module config in ./filebeat-metrics.ts), scraped under job
 * `filebeat` at `/probe?module=filebeat&target=http://localhost:5066/stats`. The exporter can only fetch what the
 * pod's egress policy allows (DNS, the API server, Logstash), plus localhost; the scrape asks for localhost only.
 *
 * Host access (why the namespace enforces Pod Security "privileged"): read-only hostPath mounts of the log
 * directories and one writable hostPath for the registry; no host network, no host PID, no capabilities.
 */
export class Filebeat extends Construct {
  readonly pods: Record<string, string>;

  constructor(scope: Construct, id: string, props: FilebeatProps) {
    super(scope, id);
    if (!/^[a-z0-9.-]+:\d+$/.test(props.logstashHost)) {
      throw new Error(`logstashHost "${props.logstashHost}" is not host:port; use e.g. logging-ls-beats.logging.svc:5044`);
    }
    this.pods = beatPods(props.name);
    const labels = componentLabels({ name: 'filebeat', component: 'collector', instance: props.name, version: props.version });
    const meta = (name: string, namespaced = true) => ({
      name,
      ...(namespaced ? { namespace: props.namespace } : {}),
      labels: labels.labels,
    });

    // Autodiscover and add_kubernetes_metadata read pods, namespaces, nodes and the owners of pods.
    const sa = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(props.name), automountServiceAccountToken: false });
    const role = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: meta(`${props.namespace}-${props.name}`, false),
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: meta(`${props.namespace}-${props.name}`, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: props.namespace }],
    });

    const readOnlyHostPath = (name: string, path: string) => ({
      volume: { name, hostPath: { path, type: 'Directory' } },
      mount: { name, mountPath: path, readOnly: true },
    });
    const hostMounts = [
      // The symlinks Filebeat's inputs glob: /var/log/containers/<pod>_<ns>_<container>-<id>.log.
      readOnlyHostPath('varlogcontainers', '/var/log/containers'),
      // The files those symlinks point to (the kubelet writes container logs under /var/log/pods).
      readOnlyHostPath('varlogpods', '/var/log/pods'),
      // The container runtime's state; symlinks resolve into it on runtimes that keep log files there.
      readOnlyHostPath('varlibcontainerd', '/var/lib/containerd'),
    ];

    const exporterConfigText = stringify(jsonExporterConfig());
    const exporterConfigHash = createHash('sha256').update(exporterConfigText).digest('hex').slice(0, 16);
    const exporterConfig = new k8s.KubeConfigMap(this, 'ExporterConfig', {
      metadata: meta(`${props.name}-json-exporter`),
      data: { 'config.yml': exporterConfigText },
    });

    new Beat(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: labels.labels },
      spec: {
        type: 'filebeat',
        version: props.version,
        image: props.image,
        config: {
          'filebeat.autodiscover': {
            providers: [
              {
                type: 'kubernetes',
                node: '${NODE_NAME}',
                'hints.enabled': true,
                // Every container's log, unless its pod opts out with co.elastic.logs/enabled: "false".
                'hints.default_config': {
                  type: 'filestream',
                  id: 'container-${data.kubernetes.container.id}',
                  paths: ['/var/log/containers/*-${data.kubernetes.container.id}.log'],
                  parsers: [{ container: {} }],
                  'prospector.scanner.symlinks': true,
                },
              },
            ],
          },
          processors: [{ add_cloud_metadata: {} }],
          'output.logstash': { hosts: [props.logstashHost], loadbalance: true },
          // Stats for the json_exporter sidecar (localhost) and the kubelet's probes (which reach the pod IP; the
          // NetworkPolicy admits no other client to this port).
          'http.enabled': true,
          'http.host': '0.0.0.0',
          'http.port': FILEBEAT_HTTP_PORT,
        },
        daemonSet: {
          podTemplate: {
            metadata: {
              labels: labels.labels,
              // json_exporter reads its config once at start: roll the pods when the module config changes.
              annotations: { 'platform.example.com/exporter-config-hash': exporterConfigHash },
            },
            spec: {
              // Filebeat talks to the API server (autodiscover, add_kubernetes_metadata) as the read-only ServiceAccount
              // above, so it (and only it) gets a token. The pod's account is set here: the Beat's top-level
              // `spec.serviceAccountName` only serves ECK's association access checks, not the pods.
              serviceAccountName: sa.name,
              automountServiceAccountToken: true,
              // Runs on every node, tainted ones included: logs of every pod must be collected.
              tolerations: [{ operator: 'Exists' }],
              securityContext: {
                // Exception: runs as root because container log files are owned by root with mode 0640; no
                // capabilities are kept (owner permissions suffice), so root here cannot bypass file permissions.
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'filebeat',
                  resources: resourcesObject(props.resources),
                  env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                  securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: false, runAsUser: 0 },
                  volumeMounts: [...hostMounts.map((h) => h.mount), { name: 'beat-data', mountPath: '/usr/share/filebeat/data' }],
                  readinessProbe: { httpGet: { path: '/', port: FILEBEAT_HTTP_PORT }, periodSeconds: 10 },
                  livenessProbe: { httpGet: { path: '/', port: FILEBEAT_HTTP_PORT }, initialDelaySeconds: 30, periodSeconds: 30, failureThreshold: 5 },
                },
                {
                  name: 'exporter',
                  image: props.exporterImage,
                  args: [`--config.file=${EXPORTER_CONFIG_DIR}/config.yml`, `--web.listen-address=:${JSON_EXPORTER_PORT}`],
                  ports: [{ name: 'metrics', containerPort: JSON_EXPORTER_PORT }],
                  resources: resourcesObject(props.exporterResources),
                  // Needs no host access: a non-root user in the root-run pod, reading only its config.
                  securityContext: { ...RESTRICTED_CONTAINER, runAsUser: NOBODY, runAsGroup: NOBODY },
                  volumeMounts: [{ name: 'exporter-config', mountPath: EXPORTER_CONFIG_DIR, readOnly: true }],
                  readinessProbe: { httpGet: { path: '/', port: JSON_EXPORTER_PORT } },
                  livenessProbe: { httpGet: { path: '/', port: JSON_EXPORTER_PORT }, periodSeconds: 30 },
                },
              ],
              volumes: [
                ...hostMounts.map((h) => h.volume),
                // Exception: the registry must outlive the pod, so it lives on the node (the only writable hostPath).
                { name: 'beat-data', hostPath: { path: dataDir(props.namespace, props.name), type: 'DirectoryOrCreate' } },
                { name: 'exporter-config', configMap: { name: exporterConfig.name } },
              ],
            },
          },
        },
      },
    });

    new k8s.KubeService(this, 'MetricsService', {
      metadata: meta(FILEBEAT_JOB),
      spec: {
        clusterIp: 'None',
        selector: { ...this.pods },
        ports: [{ name: 'metrics', port: JSON_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
    new Scrape(this, 'Scrape', {
      name: FILEBEAT_JOB,
      namespace: props.namespace,
      serviceSelector: labels.selector,
      port: 'metrics',
      // json_exporter is a multi-target exporter: each scrape names the module and the one target it fetches.
      path: '/probe',
      endpoint: { params: { module: [JSON_EXPORTER_MODULE], target: [FILEBEAT_STATS_URL] } },
    });

    allowTraffic(this, 'NetworkPolicy', {
      namespace: props.namespace,
      name: props.name,
      pods: this.pods,
      ingress: [{ peers: [PROMETHEUS_PODS], ports: [{ port: JSON_EXPORTER_PORT }] }],
      egress: [DNS, apiServer(props.vpcCidr), { peers: [props.logstashPeer], ports: [{ port: props.logstashPort }] }],
    });
  }
}

import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import type { Resources } from '../../config/sections/primitives.js';
import { DATASOURCES, type DashboardFile } from './dashboards/index.js';
import { componentLabels } from '../lib/labels.js';
import { Scrape } from '../lib/monitoring.js';
import { allowTraffic, DNS, GATEWAY_PROXIES, type Peer, PROMETHEUS_PODS, vpcEndpoints } from '../lib/network-policy.js';
import { GRAFANA_SERVICE_ACCOUNT } from '../../contracts/long-term-metrics.js';
import { ENDPOINTS } from '../../contracts/components.js';
import { containerResources, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';

export const GRAFANA_PORT = { name: 'http', number: ENDPOINTS.grafana.port } as const;

/** Where the Secrets Grafana reads are mounted (files, not environment variables). */
const SECRET_FILES = {
  admin: '/etc/grafana/secrets/admin',
  elasticsearch: '/etc/grafana/secrets/elasticsearch',
  elasticsearchCa: '/etc/grafana/secrets/elasticsearch-ca',
} as const;
/** Grafana's image runs as this user (`grafana`). */
const GRAFANA_UID = 472;
/** Budget per dashboards ConfigMap: half the 1 MiB object limit, leaving room for metadata and growth. */
export const DASHBOARD_CONFIGMAP_BUDGET_BYTES = 512 * 1024;
const PROVISIONING = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';

export interface GrafanaUpstream {
  /** URL Grafana queries. */
  readonly url: string;
  /** Pods behind it, for the egress rule. */
  readonly peer: Peer;
  readonly port: number;
}

export interface GrafanaProps {
  readonly namespace: string;
  /** Image reference (`imageRef('grafana')`). */
  readonly image: string;
  readonly replicas: number;
  readonly resources: Resources;
  /** Prometheus' scrape interval: the smallest step Grafana queries with. */
  readonly scrapeInterval: string;
  /** Dashboards to provision, each into its folder. */
  readonly dashboards: readonly DashboardFile[];
  /** Secret with keys `admin-user` and `admin-password` (synced from AWS Secrets Manager). */
  readonly adminSecretName: string;
  /** Secret with keys `username` and `password` of the Elasticsearch datasource user. */
  readonly elasticsearchSecretName: string;
  readonly prometheus: GrafanaUpstream;
  readonly alertmanager: GrafanaUpstream;
  readonly elasticsearch: GrafanaUpstream & {
    /** Index pattern the logs datasource reads. @default 'logs-*' */
    readonly index?: string;
    /**
     * Secret (in `namespace`) with the CA that signed Elasticsearch's HTTP certificate, key `ca.crt`. Required: the
     * pod does not start without it (ECK always publishes its CA, which the metrics chart copies here).
     * @default 'elasticsearch-ca'
     */
    readonly caSecretName?: string;
  };
  /**
   * The long-term store (an AMP workspace) as a second Prometheus datasource, uid `amp`, queried with SigV4 under the
   * IAM role `roleArn` (IRSA: the ServiceAccount carries the role annotation).
   * @default - no long-term datasource
   */
  readonly longTerm?: GrafanaLongTermStore;
}

export interface GrafanaLongTermStore {
  /** Workspace URL (`https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>`). */
  readonly url: string;
  /** Region to sign requests for. */
  readonly region: string;
  /** IAM role Grafana assumes through IRSA. */
  readonly roleArn: string;
  /** VPC CIDR: the aps-workspaces and STS interface endpoints' addresses are in it. */
  readonly vpcCidr: string;
}

/** uid of the long-term (AMP) datasource. */
export const LONG_TERM_DATASOURCE_UID = 'amp';

/** Dashboards packed into as few ConfigMaps as fit the budget, in order; one projected volume mounts them all. */
export function packDashboards(dashboards: readonly DashboardFile[], budgetBytes: number): Array<Record<string, string>> {
  const packs: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  let size = 0;
  for (const d of dashboards) {
    const key = `${d.folder}.${d.uid}.json`;
    // pretty-printed, one key per dashboard: a change shows as a readable diff of charts-out
    const json = `${JSON.stringify(d.model, null, 2)}\n`;
    const bytes = Buffer.byteLength(json) + key.length;
    if (bytes > budgetBytes) throw new Error(`dashboard "${d.uid}" is ${bytes} bytes, over the ${budgetBytes}-byte ConfigMap budget; split it`);
    if (size + bytes > budgetBytes && size > 0) {
      packs.push(current);
      current = {};
      size = 0;
    }
    current[key] = json;
    size += bytes;
  }
  if (size > 0) packs.push(current);
  return packs;
}

/**
 * Grafana as a stateless Deployment: datasources and dashboards provisioned from ConfigMaps, admin credentials and
 * the Elasticsearch user from synced Secrets, read-only root filesystem. Owns its Service, ServiceAccount,
 * NetworkPolicy and ServiceMonitor.
 */
export class Grafana extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    if (!Number.isInteger(props.replicas) || props.replicas < 1) {
      throw new Error(`grafana replicas must be a whole number of at least 1 (got ${props.replicas})`);
    }
    const uids = new Set<string>();
    for (const d of props.dashboards) {
      if (uids.has(d.uid)) throw new Error(`dashboard uid "${d.uid}" is used twice; give every dashboard a unique uid`);
      uids.add(d.uid);
    }
    const ns = props.namespace;
    const version = props.image.split(':')[1]?.split('@')[0] ?? 'unknown';
    const { labels, selector } = componentLabels({ name: 'grafana', component: 'dashboards', version });
    const caSecret = props.elasticsearch.caSecretName ?? 'elasticsearch-ca';

    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: GRAFANA_SERVICE_ACCOUNT.name,
        namespace: ns,
        labels,
        // IRSA: the EKS pod identity webhook projects a web-identity token for this role into the pods.
        ...(props.longTerm ? { annotations: { 'eks.amazonaws.com/role-arn': props.longTerm.roleArn } } : {}),
      },
      automountServiceAccountToken: false,
    });

    const datasources = {
      apiVersion: 1,
      // Datasources not listed here are removed, so the UI cannot drift from code.
      prune: true,
      datasources: [
        {
          name: 'Prometheus',
          type: DATASOURCES.prometheus.type,
          uid: DATASOURCES.prometheus.uid,
          access: 'proxy',
          url: props.prometheus.url,
          isDefault: true,
          editable: false,
          jsonData: { httpMethod: 'POST', timeInterval: props.scrapeInterval },
        },
        {
          name: 'Alertmanager',
          type: DATASOURCES.alertmanager.type,
          uid: DATASOURCES.alertmanager.uid,
          access: 'proxy',
          url: props.alertmanager.url,
          editable: false,
          jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
        },
        {
          name: 'Elasticsearch',
          type: DATASOURCES.elasticsearch.type,
          uid: DATASOURCES.elasticsearch.uid,
          access: 'proxy',
          url: props.elasticsearch.url,
          editable: false,
          basicAuth: true,
          // Grafana expands $__file{…} when it reads the file: the credentials stay in mounted Secret files, never in
          // the environment.
          basicAuthUser: `$__file{${SECRET_FILES.elasticsearch}/username}`,
          secureJsonData: { basicAuthPassword: `$__file{${SECRET_FILES.elasticsearch}/password}`, tlsCACert: `$__file{${SECRET_FILES.elasticsearchCa}/ca.crt}` },
          jsonData: { index: props.elasticsearch.index ?? 'logs-*', timeField: '@timestamp', tlsAuthWithCACert: true },
        },
        ...(props.longTerm
          ? [
              {
                name: 'Long-term (Amazon Managed Prometheus)',
                type: DATASOURCES.prometheus.type,
                uid: LONG_TERM_DATASOURCE_UID,
                access: 'proxy',
                url: props.longTerm.url,
                editable: false,
                // `default`: the AWS SDK's default chain, i.e. the IRSA web identity of the pod; no keys anywhere.
                jsonData: { httpMethod: 'POST', timeInterval: props.scrapeInterval, sigV4Auth: true, sigV4AuthType: 'default', sigV4Region: props.longTerm.region },
              },
            ]
          : []),
      ],
    };
    const providers = {
      apiVersion: 1,
      providers: [
        {
          name: 'platform',
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          updateIntervalSeconds: 60,
          options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: true },
        },
      ],
    };
    const provisioning = new k8s.KubeConfigMap(this, 'Provisioning', {
      metadata: { name: 'grafana-provisioning', namespace: ns, labels },
      data: { 'datasources.yaml': stringify(datasources), 'dashboards.yaml': stringify(providers) },
    });

    const packs = packDashboards(props.dashboards, DASHBOARD_CONFIGMAP_BUDGET_BYTES);
    const dashboardMaps = packs.map(
      (data, i) =>
        new k8s.KubeConfigMap(this, `Dashboards${i}`, { metadata: { name: `grafana-dashboards-${i}`, namespace: ns, labels }, data }),
    );

    const probe = (periodSeconds: number): k8s.Probe => ({
      httpGet: { path: '/api/health', port: k8s.IntOrString.fromString(GRAFANA_PORT.name) },
      periodSeconds,
      timeoutSeconds: 5,
    });

    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: 'grafana', namespace: ns, labels },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels,
            // Roll the pods when provisioning changes (Grafana re-reads dashboards, but not datasources).
            annotations: { 'platform.example.com/provisioning-hash': hashOf(provisioning.toJson()) },
          },
          spec: {
            serviceAccountName: serviceAccount.name,
            automountServiceAccountToken: false,
            securityContext: restrictedPod(GRAFANA_UID),
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
            ],
            containers: [
              {
                name: 'grafana',
                image: props.image,
                ports: [{ name: GRAFANA_PORT.name, containerPort: GRAFANA_PORT.number }],
                env: [
                  // `<option>__FILE`: Grafana reads the value from the mounted Secret file.
                  { name: 'GF_SECURITY_ADMIN_USER__FILE', value: `${SECRET_FILES.admin}/admin-user` },
                  { name: 'GF_SECURITY_ADMIN_PASSWORD__FILE', value: `${SECRET_FILES.admin}/admin-password` },
                  { name: 'GF_PATHS_DATA', value: '/var/lib/grafana' },
                  { name: 'GF_PATHS_LOGS', value: '/var/lib/grafana/log' },
                  { name: 'GF_PATHS_PLUGINS', value: '/var/lib/grafana/plugins' },
                  { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING },
                  { name: 'GF_LOG_MODE', value: 'console' },
                  // No egress to the internet: do not phone home or look for updates.
                  { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
                  { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
                  { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
                  { name: 'GF_PLUGINS_PREINSTALL_DISABLED', value: 'true' },
                  { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
                  // SigV4 for Prometheus-type datasources (the long-term AMP datasource) is off unless enabled.
                  ...(props.longTerm ? [{ name: 'GF_AUTH_SIGV4_AUTH_ENABLED', value: 'true' }] : []),
                ],
                resources: containerResources(props.resources),
                securityContext: { ...RESTRICTED_CONTAINER },
                readinessProbe: probe(10),
                livenessProbe: { ...probe(20), initialDelaySeconds: 30 },
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/grafana' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'provisioning', mountPath: `${PROVISIONING}/datasources/datasources.yaml`, subPath: 'datasources.yaml', readOnly: true },
                  { name: 'provisioning', mountPath: `${PROVISIONING}/dashboards/dashboards.yaml`, subPath: 'dashboards.yaml', readOnly: true },
                  { name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true },
                  { name: 'admin-credentials', mountPath: SECRET_FILES.admin, readOnly: true },
                  { name: 'elasticsearch-credentials', mountPath: SECRET_FILES.elasticsearch, readOnly: true },
                  { name: 'elasticsearch-ca', mountPath: SECRET_FILES.elasticsearchCa, readOnly: true },
                ],
              },
            ],
            volumes: [
              // Stateless: the SQLite database, sessions and plugins are rebuilt from provisioning on every start.
              { name: 'data', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
              { name: 'provisioning', configMap: { name: provisioning.name } },
              { name: 'admin-credentials', secret: { secretName: props.adminSecretName, items: ['admin-user', 'admin-password'].map((key) => ({ key, path: key })) } },
              { name: 'elasticsearch-credentials', secret: { secretName: props.elasticsearchSecretName, items: ['username', 'password'].map((key) => ({ key, path: key })) } },
              // Required on purpose: Grafana reads `$__file{…}` once, when it provisions datasources at start-up, so a pod
              // started without the CA would keep an unverifiable logs datasource until restarted. Until the metrics
              // chart's ExternalSecret has copied ECK's CA here, the pod waits (FailedMount naming the Secret).
              { name: 'elasticsearch-ca', secret: { secretName: caSecret, optional: false, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              {
                // One volume for every dashboards ConfigMap; keys `<folder>.<uid>.json` land in `<folder>/<uid>.json`.
                name: 'dashboards',
                projected: {
                  sources: packs.map((data, i) => ({
                    configMap: {
                      name: dashboardMaps[i]!.name,
                      items: Object.keys(data).map((key) => ({ key, path: key.replace('.', '/') })),
                    },
                  })),
                },
              },
            ],
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'grafana', namespace: ns, labels },
      spec: {
        selector,
        ports: [{ name: GRAFANA_PORT.name, port: GRAFANA_PORT.number, targetPort: k8s.IntOrString.fromString(GRAFANA_PORT.name) }],
      },
    });

    if (props.replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: { name: 'grafana', namespace: ns, labels },
        spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }

    allowTraffic(this, 'NetworkPolicy', {
      namespace: ns,
      name: 'grafana',
      pods: selector,
      ingress: [{ peers: [GATEWAY_PROXIES, PROMETHEUS_PODS], ports: [{ port: GRAFANA_PORT.number }] }],
      egress: [
        DNS,
        ...[props.prometheus, props.alertmanager, props.elasticsearch].map((u) => ({ peers: [u.peer], ports: [{ port: u.port }] })),
        // AMP queries and the IRSA token exchange go through the aps-workspaces and STS interface endpoints.
        ...(props.longTerm ? [vpcEndpoints(props.longTerm.vpcCidr)] : []),
      ],
    });

    new Scrape(this, 'Scrape', { name: 'grafana', namespace: ns, serviceSelector: selector, port: GRAFANA_PORT.name });
  }
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

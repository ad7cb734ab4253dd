/**
 * The local development stack: a Compose file and the configuration files it mounts, built from the objects the
 * dev environment synthesizes, so that what runs on a laptop is what runs in the dev cluster:
 * - Prometheus: the same PrometheusRule groups (one rule file per PrometheusRule) and, for the components that run
 *   locally, scrape jobs equivalent to the dev ServiceMonitors (same job names, paths, schemes and static labels);
 * - Alertmanager: the dev routing tree (routes, inhibitions, time intervals) with every receiver kept by name but
 *   without integrations: alerts are looked at in Alertmanager's own UI, nothing is sent anywhere;
 * - Grafana: the generated datasources (URLs pointed at the Compose services) and dashboards;
 * - Logstash: the platform's container-logs pipeline (same input and filters; the output writes to the local
 *   Elasticsearch over plain HTTP); Filebeat: the containers' logs through Docker autodiscover;
 * - single-node Elasticsearch and Kibana with security off (local only: every port is bound to 127.0.0.1);
 * - the sample service, built from examples/sample-service/Dockerfile.
 * Every image is the pinned reference of config/images.ts. Files are objects serialized with `yaml`.
 */
import { parse, stringify } from 'yaml';
import type { Environment } from '../../../config/derive.js';
import { type ImageName, imageRef } from '../../../config/images.js';
import { PORTS } from '../../../contracts/components.js';
import { containerLogsPipeline, PLUGIN_IDS } from '../../../cdk8s/logging/container-logs-pipeline.js';
import { BEATS_PORT, LOGSTASH_API_PORT } from '../../../cdk8s/logging/logstash.js';
import { type Pipeline, renderPipeline } from '../../../cdk8s/logging/pipeline.js';
import { SAMPLE_SERVICE_DIR, sampleService, type LocalService } from './sample-service.js';

/** The environment whose configuration the local stack reproduces. */
export const LOCAL_SOURCE_ENV = 'dev';
/** Output folder, relative to the repository root (`charts-out/local`). */
export const LOCAL_DIR = 'local';

/** Paths inside the containers where the generated files are mounted. */
export const CONTAINER_PATHS = {
  prometheusConfig: '/etc/prometheus/prometheus.yaml',
  prometheusRules: '/etc/prometheus/rules',
  alertmanagerConfig: '/etc/alertmanager/alertmanager.yaml',
} as const;

/** Files of the local stack, relative to charts-out/local. */
export const LOCAL_FILES = {
  compose: 'compose.yaml',
  prometheusConfig: 'prometheus/prometheus.yaml',
  prometheusRules: 'prometheus/rules',
  alertmanagerConfig: 'alertmanager/alertmanager.yaml',
  grafanaDatasources: 'grafana/provisioning/datasources/datasources.yaml',
  grafanaDashboardProviders: 'grafana/provisioning/dashboards/dashboards.yaml',
  grafanaDashboards: 'grafana/dashboards',
  logstashSettings: 'logstash/logstash.yml',
  logstashPipelines: 'logstash/pipelines.yml',
  logstashPipeline: 'logstash/pipeline/main.conf',
  filebeat: 'filebeat/filebeat.yml',
} as const;

/** Host ports (on 127.0.0.1) of the stack's UIs and APIs. */
export const LOCAL_PORTS = {
  prometheus: PORTS.prometheus,
  alertmanager: PORTS.alertmanager,
  grafana: PORTS.grafana,
  elasticsearch: PORTS.elasticsearch,
  kibana: PORTS.kibana,
} as const;

/** Compose service names; also the host names the services reach each other by. */
export const COMPOSE_SERVICES = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
  elasticsearch: 'elasticsearch',
  kibana: 'kibana',
  logstash: 'logstash',
  filebeat: 'filebeat',
} as const;

/** A synthesized Kubernetes object, as `Chart.toJson()` lists them. */
export interface K8sObject {
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const asRecord = (v: unknown): Json => (isRecord(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) {
    throw new Error(`local stack: the ${LOCAL_SOURCE_ENV} environment has no ${kind} ${name}; it is what the local stack reproduces`);
  }
  return found;
}

const yamlFile = (value: unknown): string => stringify(value, { lineWidth: 0 });

// ---------------------------------------------------------------- Prometheus

export interface RuleFile {
  /** Path relative to charts-out/local. */
  readonly path: string;
  readonly groups: readonly { readonly name: string }[];
}

/** One rule file per PrometheusRule of the environment, named `<namespace>-<name>.rules.yaml`. */
export function ruleFiles(objects: readonly K8sObject[]): { path: string; groups: Json[] }[] {
  return objects
    .filter((o) => o.kind === 'PrometheusRule')
    .map((o) => ({
      path: `${LOCAL_FILES.prometheusRules}/${o.metadata.namespace ?? 'cluster'}-${o.metadata.name ?? 'rules'}.rules.yaml`,
      groups: asArray(asRecord(asRecord(o).spec).groups).map(asRecord),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

interface ScrapeTarget {
  /** ServiceMonitor in the dev environment whose first endpoint the job reproduces. */
  readonly serviceMonitor: string;
  /** `<compose service>:<port>`. */
  readonly target: string;
}

/** Platform components that run locally, by the ServiceMonitor that scrapes them in the cluster. */
const PLATFORM_SCRAPES: readonly ScrapeTarget[] = [
  { serviceMonitor: 'prometheus', target: `${COMPOSE_SERVICES.prometheus}:${PORTS.prometheus}` },
  { serviceMonitor: 'alertmanager', target: `${COMPOSE_SERVICES.alertmanager}:${PORTS.alertmanager}` },
  { serviceMonitor: 'grafana', target: `${COMPOSE_SERVICES.grafana}:${PORTS.grafana}` },
];

/** Static labels a ServiceMonitor endpoint sets with `replace` relabelings that carry a replacement. */
function staticLabels(endpoint: Json): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const r of asArray(endpoint.relabelings).map(asRecord)) {
    const target = asString(r.targetLabel);
    const replacement = asString(r.replacement);
    const action = asString(r.action) ?? 'replace';
    if (target && replacement !== undefined && action.toLowerCase() === 'replace' && r.sourceLabels === undefined) {
      labels[target] = replacement;
    }
  }
  return labels;
}

function platformScrapeJob(objects: readonly K8sObject[], scrape: ScrapeTarget): Json {
  const monitor = asRecord(find(objects, 'ServiceMonitor', scrape.serviceMonitor));
  const endpoint = asRecord(asArray(asRecord(monitor.spec).endpoints)[0]);
  const labels = staticLabels(endpoint);
  return {
    // prometheus-operator names the job after the Service, which is named after the ServiceMonitor here.
    job_name: scrape.serviceMonitor,
    metrics_path: asString(endpoint.path) ?? '/metrics',
    scheme: asString(endpoint.scheme) ?? 'http',
    ...(asString(endpoint.interval) ? { scrape_interval: endpoint.interval } : {}),
    static_configs: [{ targets: [scrape.target], labels: { namespace: LOCAL_NAMESPACE_LABEL, ...labels } }],
  };
}

/** The namespace label of platform components' series locally (their cluster namespace is not meaningful here). */
const LOCAL_NAMESPACE_LABEL = 'local';

/** The catalog ServiceMonitor of a service sets `service` and `team`; the local job does the same. */
function serviceScrapeJob(service: LocalService): Json {
  return {
    job_name: service.name,
    metrics_path: '/metrics',
    scheme: 'http',
    static_configs: [
      {
        targets: [`${service.name}:${service.metrics.port}`],
        labels: { namespace: service.namespace, service: service.name, ...(service.team ? { team: service.team } : {}) },
      },
    ],
  };
}

export interface PrometheusConfigInputs {
  readonly ruleFiles: readonly string[];
  readonly alertmanager: string;
}

function prometheusConfig(objects: readonly K8sObject[], service: LocalService, inputs: PrometheusConfigInputs): Json {
  const spec = asRecord(asRecord(find(objects, 'Prometheus', 'platform')).spec);
  return {
    global: {
      scrape_interval: asString(spec.scrapeInterval) ?? '30s',
      evaluation_interval: asString(spec.evaluationInterval) ?? '30s',
      external_labels: { environment: 'local' },
    },
    rule_files: [...inputs.ruleFiles],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [inputs.alertmanager] }] }] },
    scrape_configs: [...PLATFORM_SCRAPES.map((s) => platformScrapeJob(objects, s)), serviceScrapeJob(service)],
  };
}

// ---------------------------------------------------------------- Alertmanager

/**
 * The dev routing tree with receivers reduced to their names: no integration, no credential file, no template.
 * Routes, inhibitions and time intervals are kept, so `amtool config routes test` answers as in the cluster.
 */
function alertmanagerConfig(objects: readonly K8sObject[]): Json {
  const secret = asRecord(find(objects, 'Secret', 'alertmanager-main-config'));
  const body = asString(asRecord(secret.stringData)['alertmanager.yaml']);
  if (!body) throw new Error('local stack: Secret alertmanager-main-config has no stringData alertmanager.yaml');
  const config = asRecord(parse(body));
  const receivers = asArray(config.receivers).map((r) => ({ name: asString(asRecord(r).name) ?? '' }));
  return {
    route: config.route,
    ...(config.inhibit_rules ? { inhibit_rules: config.inhibit_rules } : {}),
    ...(config.time_intervals ? { time_intervals: config.time_intervals } : {}),
    receivers,
  };
}

// ---------------------------------------------------------------- Grafana

/** Datasource URLs by uid: the Compose services instead of the in-cluster Services. */
const DATASOURCE_URLS: Readonly<Record<string, string>> = {
  prometheus: `http://${COMPOSE_SERVICES.prometheus}:${PORTS.prometheus}`,
  alertmanager: `http://${COMPOSE_SERVICES.alertmanager}:${PORTS.alertmanager}`,
  elasticsearch: `http://${COMPOSE_SERVICES.elasticsearch}:${PORTS.elasticsearch}`,
};

/** Credential and TLS settings that only apply to the cluster's TLS-protected Elasticsearch. */
const CLUSTER_ONLY_JSON_DATA = ['tlsAuthWithCACert', 'tlsSkipVerify'];

function grafanaDatasources(provisioning: Json): Json {
  const file = asRecord(parse(asString(provisioning['datasources.yaml']) ?? ''));
  const datasources = asArray(file.datasources).map((d) => {
    const { basicAuth: _b, basicAuthUser: _u, secureJsonData: _s, ...ds } = asRecord(d);
    const uid = asString(ds.uid) ?? '';
    const url = DATASOURCE_URLS[uid];
    if (!url) throw new Error(`local stack: grafana datasource uid ${JSON.stringify(uid)} has no local URL; add it to DATASOURCE_URLS`);
    const jsonData = Object.fromEntries(Object.entries(asRecord(ds.jsonData)).filter(([k]) => !CLUSTER_ONLY_JSON_DATA.includes(k)));
    return { ...ds, url, ...(Object.keys(jsonData).length ? { jsonData } : {}) };
  });
  return { ...file, datasources };
}

/** Dashboard files: ConfigMap keys `<folder>.<file>.json` become `<folder>/<file>.json`, as the Deployment mounts them. */
function grafanaDashboards(objects: readonly K8sObject[]): Map<string, string> {
  const files = new Map<string, string>();
  const maps = objects.filter((o) => o.kind === 'ConfigMap' && (o.metadata.name ?? '').startsWith('grafana-dashboards-'));
  for (const map of maps) {
    for (const [key, value] of Object.entries(asRecord(asRecord(map).data))) {
      const dot = key.indexOf('.');
      const path = dot > 0 ? `${key.slice(0, dot)}/${key.slice(dot + 1)}` : key;
      files.set(`${LOCAL_FILES.grafanaDashboards}/${path}`, `${JSON.stringify(JSON.parse(String(value)), null, 2)}\n`);
    }
  }
  return files;
}

// ---------------------------------------------------------------- Logging

/** The platform pipeline with its output pointed at the local Elasticsearch (HTTP, no credentials). */
export function localPipeline(): Pipeline {
  const pipeline = containerLogsPipeline({ beatsPort: BEATS_PORT, elasticsearchEnvPrefix: 'LOCAL' });
  return {
    ...pipeline,
    output: [
      {
        plugin: 'elasticsearch',
        settings: {
          id: PLUGIN_IDS.elasticsearch,
          hosts: [`http://${COMPOSE_SERVICES.elasticsearch}:${PORTS.elasticsearch}`],
          data_stream: 'true',
          data_stream_auto_routing: true,
        },
      },
    ],
  };
}

/** logstash.yml and pipelines.yml from the Logstash CR: same settings, same pipeline id and queue settings. */
function logstashSettings(objects: readonly K8sObject[]): { settings: Json; pipelines: Json[] } {
  const spec = asRecord(asRecord(find(objects, 'Logstash', 'logging')).spec);
  const pipelines = asArray(spec.pipelines).map((p) => {
    const { 'config.string': _config, ...rest } = asRecord(p);
    return { ...rest, 'path.config': '/usr/share/logstash/pipeline/main.conf' };
  });
  return { settings: { ...asRecord(spec.config), 'api.http.host': '0.0.0.0' }, pipelines };
}

/**
 * Filebeat over Docker: every container's JSON log file, parsed like the cluster's (`container` parser), with the
 * Compose service name copied to where the pipeline looks for the service in the cluster
 * (`[kubernetes][container][name]`) and namespace `local`: data streams are `logs-<compose service>-local`.
 */
function filebeatConfig(): Json {
  return {
    'filebeat.autodiscover': {
      providers: [
        {
          type: 'docker',
          'hints.enabled': true,
          'hints.default_config': {
            type: 'filestream',
            id: 'container-${data.docker.container.id}',
            paths: ['/var/lib/docker/containers/${data.docker.container.id}/*.log'],
            parsers: [{ container: {} }],
          },
        },
      ],
    },
    processors: [
      {
        copy_fields: {
          fields: [{ from: 'container.labels.com_docker_compose_service', to: 'kubernetes.container.name' }],
          ignore_missing: true,
          fail_on_error: false,
        },
      },
      { add_fields: { target: 'kubernetes', fields: { namespace: 'local' } } },
    ],
    'http.enabled': true,
    'http.host': '127.0.0.1',
    'http.port': 5066,
    'output.logstash': { hosts: [`${COMPOSE_SERVICES.logstash}:${BEATS_PORT}`] },
  };
}

// ---------------------------------------------------------------- Compose

const loopback = (port: number, container = port) => `127.0.0.1:${port}:${container}`;
const image = (name: ImageName) => imageRef(name);
const healthcheck = (test: readonly string[], startPeriod = '30s') => ({
  test: [...test],
  interval: '10s',
  timeout: '5s',
  retries: 12,
  start_period: startPeriod,
});
const wget = (url: string) => ['CMD', 'wget', '-q', '-O', '/dev/null', url];
const curl = (url: string) => ['CMD', 'curl', '-fsS', '-o', '/dev/null', url];
/** Relative to charts-out/local, where compose.yaml is. */
const mount = (file: string, target: string) => `./${file}:${target}:ro`;

function composeFile(env: Environment, service: LocalService): Json {
  const es = COMPOSE_SERVICES.elasticsearch;
  return {
    services: {
      [COMPOSE_SERVICES.prometheus]: {
        image: image('prometheus'),
        command: [
          `--config.file=${CONTAINER_PATHS.prometheusConfig}`,
          '--storage.tsdb.path=/prometheus',
          `--storage.tsdb.retention.time=${env.metrics.retention}`,
          '--web.enable-lifecycle',
        ],
        ports: [loopback(LOCAL_PORTS.prometheus)],
        volumes: [
          mount(LOCAL_FILES.prometheusConfig, CONTAINER_PATHS.prometheusConfig),
          mount(LOCAL_FILES.prometheusRules, CONTAINER_PATHS.prometheusRules),
          'prometheus-data:/prometheus',
        ],
        healthcheck: healthcheck(wget(`http://127.0.0.1:${PORTS.prometheus}/-/ready`)),
        depends_on: { [COMPOSE_SERVICES.alertmanager]: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
      [COMPOSE_SERVICES.alertmanager]: {
        image: image('alertmanager'),
        command: [`--config.file=${CONTAINER_PATHS.alertmanagerConfig}`, '--storage.path=/alertmanager', '--cluster.listen-address='],
        ports: [loopback(LOCAL_PORTS.alertmanager)],
        volumes: [mount(LOCAL_FILES.alertmanagerConfig, CONTAINER_PATHS.alertmanagerConfig), 'alertmanager-data:/alertmanager'],
        healthcheck: healthcheck(wget(`http://127.0.0.1:${PORTS.alertmanager}/-/ready`), '10s'),
        restart: 'unless-stopped',
      },
      [COMPOSE_SERVICES.grafana]: {
        image: image('grafana'),
        environment: {
          // Local only: anonymous viewers, no login form and so no admin password anywhere.
          GF_AUTH_ANONYMOUS_ENABLED: 'true',
          GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
          GF_AUTH_DISABLE_LOGIN_FORM: 'true',
          GF_ANALYTICS_REPORTING_ENABLED: 'false',
          GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
          GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
          GF_PLUGINS_PREINSTALL_DISABLED: 'true',
        },
        ports: [loopback(LOCAL_PORTS.grafana)],
        volumes: [
          mount(LOCAL_FILES.grafanaDatasources, '/etc/grafana/provisioning/datasources/datasources.yaml'),
          mount(LOCAL_FILES.grafanaDashboardProviders, '/etc/grafana/provisioning/dashboards/dashboards.yaml'),
          mount(LOCAL_FILES.grafanaDashboards, '/etc/grafana/dashboards'),
          'grafana-data:/var/lib/grafana',
        ],
        // curl is in both the Alpine and the Ubuntu Grafana images.
        healthcheck: healthcheck(curl(`http://127.0.0.1:${PORTS.grafana}/api/health`)),
        depends_on: { [COMPOSE_SERVICES.prometheus]: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
      [es]: {
        image: image('elasticsearch'),
        environment: {
          'discovery.type': 'single-node',
          'cluster.name': 'local',
          // Local only (port bound to 127.0.0.1): no users, no TLS, so no password to generate or commit.
          'xpack.security.enabled': 'false',
          'xpack.security.enrollment.enabled': 'false',
          ES_JAVA_OPTS: '-Xms1g -Xmx1g',
        },
        ports: [loopback(LOCAL_PORTS.elasticsearch)],
        volumes: ['elasticsearch-data:/usr/share/elasticsearch/data'],
        ulimits: { nofile: { soft: 65535, hard: 65535 } },
        healthcheck: healthcheck(curl(`http://127.0.0.1:${PORTS.elasticsearch}/_cluster/health?wait_for_status=yellow&timeout=5s`), '60s'),
        restart: 'unless-stopped',
      },
      [COMPOSE_SERVICES.kibana]: {
        image: image('kibana'),
        environment: { ELASTICSEARCH_HOSTS: `http://${es}:${PORTS.elasticsearch}`, TELEMETRY_OPTIN: 'false' },
        ports: [loopback(LOCAL_PORTS.kibana)],
        volumes: ['kibana-data:/usr/share/kibana/data'],
        healthcheck: healthcheck(curl(`http://127.0.0.1:${PORTS.kibana}/api/status`), '90s'),
        depends_on: { [es]: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
      [COMPOSE_SERVICES.logstash]: {
        image: image('logstash'),
        volumes: [
          mount(LOCAL_FILES.logstashSettings, '/usr/share/logstash/config/logstash.yml'),
          mount(LOCAL_FILES.logstashPipelines, '/usr/share/logstash/config/pipelines.yml'),
          mount(LOCAL_FILES.logstashPipeline, '/usr/share/logstash/pipeline/main.conf'),
          'logstash-data:/usr/share/logstash/data',
        ],
        healthcheck: healthcheck(curl(`http://127.0.0.1:${LOGSTASH_API_PORT}/`), '60s'),
        depends_on: { [es]: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
      [COMPOSE_SERVICES.filebeat]: {
        image: image('filebeat'),
        // Reads the Docker socket (autodiscover) and every container's log files: root, read-only mounts.
        user: 'root',
        // The config file is mounted from the checkout (owned by the developer, not root): skip the ownership check.
        command: ['filebeat', '-e', '--strict.perms=false'],
        volumes: [
          mount(LOCAL_FILES.filebeat, '/usr/share/filebeat/filebeat.yml'),
          '/var/lib/docker/containers:/var/lib/docker/containers:ro',
          '/var/run/docker.sock:/var/run/docker.sock:ro',
          'filebeat-data:/usr/share/filebeat/data',
        ],
        healthcheck: healthcheck(['CMD', 'filebeat', 'test', 'output', '--strict.perms=false']),
        depends_on: { [COMPOSE_SERVICES.logstash]: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
      [service.name]: {
        build: { context: `../../${SAMPLE_SERVICE_DIR}` },
        image: `${service.name}:local`,
        environment: { LOG_LEVEL: 'info', PORT: String(service.http.port), METRICS_PORT: String(service.metrics.port) },
        ports: [loopback(service.http.port), loopback(service.metrics.port)],
        read_only: true,
        healthcheck: healthcheck(
          [
            'CMD',
            'node',
            '-e',
            `fetch('http://127.0.0.1:${service.http.port}${service.readinessPath}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
          ],
          '10s',
        ),
        restart: 'unless-stopped',
      },
    },
    volumes: Object.fromEntries(
      ['prometheus-data', 'alertmanager-data', 'grafana-data', 'elasticsearch-data', 'kibana-data', 'logstash-data', 'filebeat-data'].map(
        (v) => [v, {}],
      ),
    ),
    'x-generated-by': `npm run synth, from config/environments/${LOCAL_SOURCE_ENV}.yaml; do not edit`,
  };
}

/** Every file of the local stack: path relative to charts-out/local → content. */
export function localStackFiles(env: Environment, objects: readonly K8sObject[]): Map<string, string> {
  const service = sampleService(env);
  const rules = ruleFiles(objects);
  const files = new Map<string, string>();
  files.set(LOCAL_FILES.compose, yamlFile(composeFile(env, service)));
  for (const r of rules) files.set(r.path, yamlFile({ groups: r.groups }));
  files.set(
    LOCAL_FILES.prometheusConfig,
    yamlFile(
      prometheusConfig(objects, service, {
        ruleFiles: [`${CONTAINER_PATHS.prometheusRules}/*.rules.yaml`],
        alertmanager: `${COMPOSE_SERVICES.alertmanager}:${PORTS.alertmanager}`,
      }),
    ),
  );
  files.set(LOCAL_FILES.alertmanagerConfig, yamlFile(alertmanagerConfig(objects)));
  const provisioning = asRecord(asRecord(find(objects, 'ConfigMap', 'grafana-provisioning')).data);
  files.set(LOCAL_FILES.grafanaDatasources, yamlFile(grafanaDatasources(provisioning)));
  files.set(LOCAL_FILES.grafanaDashboardProviders, yamlFile(parse(asString(provisioning['dashboards.yaml']) ?? '')));
  for (const [path, body] of grafanaDashboards(objects)) files.set(path, body);
  const logstash = logstashSettings(objects);
  files.set(LOCAL_FILES.logstashSettings, yamlFile(logstash.settings));
  files.set(LOCAL_FILES.logstashPipelines, yamlFile(logstash.pipelines));
  files.set(LOCAL_FILES.logstashPipeline, renderPipeline(localPipeline()));
  files.set(LOCAL_FILES.filebeat, yamlFile(filebeatConfig()));
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

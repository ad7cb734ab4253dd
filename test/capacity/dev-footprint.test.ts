/**
 * The dev profile fits on one 2-vCPU / 8 GiB node: the requests of everything the stack runs in dev — every pod in
 * charts-out/dev (operator CRs included, with their replicas) plus the operators cdktf installs — add up to at most
 * 2 CPUs and 8 GiB. (EKS system pods such as CoreDNS and the VPC CNI come on top and are the cluster's own.)
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../scripts/lib/validate-manifests.js';
import { readManifests } from '../../scripts/lib/validate-manifests.js';
import { environment } from '../support/envs.js';
import { CHARTS_OUT, REPO_ROOT } from '../support/repo.js';

const NODE = { cpuMillis: 2000, memoryMiB: 8 * 1024 };
/** prometheus-operator's default requests for the config-reloader sidecar it adds to Prometheus and Alertmanager. */
const CONFIG_RELOADER = { cpu: '10m', memory: '50Mi' };
/** Envoy Gateway's default requests for the shutdown-manager sidecar of every proxy pod. */
const SHUTDOWN_MANAGER = { cpu: '10m', memory: '32Mi' };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

function cpuMillis(q: unknown): number {
  const s = String(q ?? '0');
  return s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000;
}

function memoryMiB(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(String(q ?? '0'));
  if (!m) throw new Error(`unparsable memory quantity ${String(q)}`);
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] ?? 'Mi'] ?? 1;
  return Number(m[1]) * (m[2] ? factor : 1 / (1024 * 1024));
}

interface Footprint {
  readonly what: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

const requestsOf = (resources: unknown) => obj(obj(resources).requests);
const containersFootprint = (what: string, replicas: number, containers: Obj[]): Footprint => ({
  what,
  cpuMillis: replicas * containers.reduce((n, c) => n + cpuMillis(requestsOf(c.resources).cpu), 0),
  memoryMiB: replicas * containers.reduce((n, c) => n + memoryMiB(requestsOf(c.resources).memory), 0),
});

/** What one object runs, by kind; objects that run nothing return nothing. */
function footprint(m: Manifest): Footprint[] {
  const spec = obj(m.spec);
  const what = `${m.kind} ${m.metadata.name}`;
  const podContainers = (template: unknown) => list(obj(obj(template).spec).containers);
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return [containersFootprint(what, Number(spec.replicas ?? 1), podContainers(spec.template))];
    case 'DaemonSet':
    case 'Job':
      return [containersFootprint(what, 1, podContainers(spec.template))];
    case 'Prometheus':
    case 'Alertmanager':
      return [
        containersFootprint(what, Number(spec.replicas ?? 1), [
          { resources: spec.resources },
          { resources: { requests: CONFIG_RELOADER } },
          ...list(spec.containers).filter((c) => c.resources),
        ]),
      ];
    case 'Elasticsearch':
      return list(spec.nodeSets).map((ns) => containersFootprint(`${what}/${String(ns.name)}`, Number(ns.count ?? 1), podContainers(ns.podTemplate)));
    case 'Kibana':
    case 'Logstash':
      return [containersFootprint(what, Number(spec.count ?? 1), podContainers(spec.podTemplate))];
    case 'Beat':
      return [containersFootprint(what, 1, podContainers(obj(spec.daemonSet).podTemplate))];
    case 'EnvoyProxy': {
      const deployment = obj(obj(obj(spec.provider).kubernetes).envoyDeployment);
      return [
        containersFootprint(what, Number(deployment.replicas ?? 1), [obj(deployment.container), { resources: { requests: SHUTDOWN_MANAGER } }]),
      ];
    }
    default:
      return [];
  }
}

describe('the dev profile', () => {
  const dev = environment('dev');
  const manifests = readManifests(`${CHARTS_OUT}/dev`, REPO_ROOT).map((m) => m.object);
  const operators: Footprint[] = [
    containersFootprint('operator prometheus-operator', 1, [{ resources: { requests: dev.addons.prometheusOperator.resources } }]),
    ...(['eckOperator', 'externalSecrets', 'envoyGateway'] as const).map((name) =>
      containersFootprint(`operator ${name}`, dev.addons[name].replicas, [{ resources: { requests: dev.addons[name].resources } }]),
    ),
  ];
  const parts = [...manifests.flatMap(footprint), ...operators];
  const total = parts.reduce((t, p) => ({ cpuMillis: t.cpuMillis + p.cpuMillis, memoryMiB: t.memoryMiB + p.memoryMiB }), { cpuMillis: 0, memoryMiB: 0 });
  const breakdown = parts.map((p) => `${p.what}: ${p.cpuMillis}m, ${Math.round(p.memoryMiB)}Mi`).join('\n');

  it('counts every workload the stack runs', () => {
    const kinds = new Set(parts.map((p) => p.what.split(' ')[0]));
    for (const kind of ['Prometheus', 'Alertmanager', 'Elasticsearch', 'Kibana', 'Logstash', 'Beat', 'Deployment', 'DaemonSet', 'operator']) {
      expect(kinds, breakdown).toContain(kind);
    }
  });

  it('requests at most 2 CPUs in total', () => {
    expect(total.cpuMillis, breakdown).toBeLessThanOrEqual(NODE.cpuMillis);
  });

  it('requests at most 8 GiB of memory in total', () => {
    expect(total.memoryMiB, breakdown).toBeLessThanOrEqual(NODE.memoryMiB);
  });
});

describe('quantity parsing', () => {
  it('reads CPU and memory quantities', () => {
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('2')).toBe(2000);
    expect(memoryMiB('2Gi')).toBe(2048);
    expect(memoryMiB('512Ki')).toBe(0.5);
  });
});

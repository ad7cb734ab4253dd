/**
 * The config layer's cross-section rules against what the repository ships: a new environment copied from staging
 * loads cleanly, and the list of platform component names matches what synthesis actually produces.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { loadEnvironments } from '../../config/load.js';
import { PLATFORM_COMPONENTS, PLATFORM_NAMESPACES } from '../../config/platform.js';
import { crossSectionProblems } from '../../config/rules.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { CHARTS_OUT, scratchRoot } from '../support/repo.js';

describe('a new environment copied from staging (qa)', () => {
  it('loads cleanly with its own name, account, CIDR and domain', () => {
    const { configDir } = scratchRoot();
    const doc = parseDocument(readFileSync(join(configDir, 'staging.yaml'), 'utf8'));
    doc.set('name', 'qa');
    doc.setIn(['aws', 'accountId'], '444444444444');
    doc.setIn(['tags', 'costCentre'], 'cc-platform-qa');
    doc.setIn(['terraformState', 'bucket'], 'acme-obs-terraform-state-qa');
    doc.setIn(['network', 'vpcCidr'], '10.40.0.0/16');
    doc.setIn(['gateway', 'domain'], 'obs.qa.example.com');
    const roles = doc.getIn(['cluster', 'adminRoleArns']) as { items: { value: string }[] };
    roles.items.forEach((item, i) => doc.setIn(['cluster', 'adminRoleArns', i], item.value.replace(/\d{12}/, '444444444444')));
    writeFileSync(join(configDir, 'qa.yaml'), doc.toString());

    const envs = loadEnvironments({ dir: configDir });
    const qa = envs.find((e) => e.name === 'qa');
    expect(envs.map((e) => e.name)).toEqual(['dev', 'prod', 'qa', 'staging']);
    expect(qa).toMatchObject({ tier: 'non-production', clusterName: 'obs-qa', network: { vpcCidr: '10.40.0.0/16' }, gateway: { domain: 'obs.qa.example.com' } });
  });
});

describe('shipped environments', () => {
  it('each set a tier, and of the reference environments only prod is production', () => {
    for (const env of ENVIRONMENTS) expect(['production', 'non-production'], env.name).toContain(env.tier);
    const reference = ENVIRONMENTS.filter((e) => ['dev', 'staging', 'prod'].includes(e.name));
    expect(Object.fromEntries(reference.map((e) => [e.name, e.tier]))).toEqual({ dev: 'non-production', staging: 'non-production', prod: 'production' });
  });

  it('break no cross-section rule', () => {
    for (const env of ENVIRONMENTS) expect(crossSectionProblems(env), env.name).toEqual([]);
  });
});

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** Kinds whose names a catalog service could collide with (workloads, Services, monitors, operator CRs). */
const NAMED_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'ServiceMonitor', 'PodMonitor', 'Prometheus', 'Alertmanager', 'Elasticsearch', 'Kibana', 'Logstash', 'Beat', 'Gateway', 'Job']);

function synthesizedNames(): { name: string; namespace: string; kind: string }[] {
  const out: { name: string; namespace: string; kind: string }[] = [];
  for (const env of readdirSync(CHARTS_OUT).filter((d) => statSync(join(CHARTS_OUT, d)).isDirectory())) {
    const catalog = new Set(ENVIRONMENTS.find((e) => e.name === env)?.services.map((s) => `${s.namespace}/${s.name}`) ?? []);
    for (const file of readdirSync(join(CHARTS_OUT, env)).filter((f) => f.endsWith('.k8s.yaml'))) {
      for (const doc of parseAllDocuments(readFileSync(join(CHARTS_OUT, env, file), 'utf8'))) {
        const m = doc.toJS() as Manifest | null;
        if (!m || !NAMED_KINDS.has(m.kind) || !m.metadata.namespace) continue;
        if (catalog.has(`${m.metadata.namespace}/${m.metadata.name}`)) continue;
        out.push({ name: m.metadata.name, namespace: m.metadata.namespace, kind: m.kind });
      }
    }
  }
  return out;
}

describe('PLATFORM_COMPONENTS', () => {
  it('lists every platform object name synthesized into charts-out/, per namespace', () => {
    // Jobs carry a content hash after their component name (log-retention-<hash>).
    const listed = (c: { name: string; namespace: string; kind: string }) =>
      PLATFORM_COMPONENTS.some((p) => p.namespace === c.namespace && (p.name === c.name || (c.kind === 'Job' && c.name.startsWith(`${p.name}-`))));
    const missing = synthesizedNames().filter((c) => !listed(c));
    expect(missing).toEqual([]);
  });

  it('lives only in platform namespaces', () => {
    for (const c of PLATFORM_COMPONENTS) expect(PLATFORM_NAMESPACES).toContain(c.namespace);
  });
});

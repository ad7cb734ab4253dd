/**
 * docs/operations.md's upgrade order (control plane, add-ons, nodes, CRDs, operators) is the order the code and the
 * pipeline really follow: the deploy job's script (.gitlab-ci.yml `.infra`), the Terraform dependencies of the
 * synthesized cluster stack, and Helm's CRD installation turned off for every chart whose CRDs are pinned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PINNED_CRD_CHARTS } from '../../cdktf/stacks/addons.js';
import { resources, synthEnvironment } from '../cdktf/support.js';
import { REPO_ROOT } from '../support/repo.js';
import { environment } from '../support/envs.js';

const DOCUMENTED = ['Control plane', 'Add-ons', 'Nodes', 'CRDs', 'Operators'];

function documentedOrder(): string[] {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  const section = text.split('### Upgrade order')[1]?.split('\n### ')[0] ?? '';
  return [...section.matchAll(/^\d+\. \*\*([^*]+?)\.?\*\*/gm)].map((m) => m[1] as string);
}

describe('upgrade order', () => {
  it('is documented in docs/operations.md as control plane, add-ons, nodes, CRDs, operators', () => {
    expect(documentedOrder()).toEqual(DOCUMENTED);
  });

  it('is the order of the deploy job: cluster stack, then the pinned CRDs, then the addons stack', () => {
    const pipeline = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as Record<string, { script?: string[] }>;
    const script = pipeline['.infra']?.script ?? [];
    const step = (pattern: RegExp) => {
      const i = script.findIndex((line) => pattern.test(line));
      expect(i, `no step ${pattern} in .infra`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const cluster = step(/terraform\.sh "\$DEPLOY_ENV" cluster apply/);
    const crds = step(/crds-apply\.sh "\$DEPLOY_ENV" apply/);
    const addons = step(/terraform\.sh "\$DEPLOY_ENV" addons apply/);
    expect(cluster).toBeLessThan(crds);
    expect(crds).toBeLessThan(addons);
    // Nothing applies every stack at once (that would install the operators before the CRDs).
    expect(script.some((line) => /terraform\.sh "\$DEPLOY_ENV" all apply/.test(line))).toBe(false);
  });

  const { json } = synthEnvironment(environment('prod'));

  it('updates the control plane before the add-ons, the node-critical add-ons before the nodes, the rest after', () => {
    const addons = resources(json.cluster, 'aws_eks_addon');
    for (const addon of Object.values(addons)) expect(addon.cluster_name).toBe('${aws_eks_cluster.cluster.name}');
    const nodes = Object.values(resources(json.cluster, 'aws_eks_node_group'))[0];
    expect(nodes?.cluster_name).toBe('${aws_eks_cluster.cluster.name}');
    const nodeDeps = (nodes?.depends_on as string[]) ?? [];
    expect(nodeDeps).toEqual(expect.arrayContaining(['aws_eks_addon.vpc-cni', 'aws_eks_addon.kube-proxy']));
    for (const late of ['coredns', 'aws-ebs-csi-driver']) expect(addons[late]?.depends_on).toContain('aws_eks_node_group.nodes');
  });

  it('leaves CRDs to the pinned set: Helm skips the CRDs of every chart whose CRDs are pinned', () => {
    const releases = resources(json.addons, 'helm_release');
    for (const chart of PINNED_CRD_CHARTS) expect(releases[chart.release]?.skip_crds, chart.release).toBe(true);
    const values = (release: string) => JSON.parse((releases[release]?.values as string[])[0] as string) as Record<string, unknown>;
    expect(values('prometheus-operator').crds).toEqual({ enabled: false, upgradeJob: { enabled: false } });
    expect(values('elastic-operator').installCRDs).toBe(false);
    expect(values('external-secrets').installCRDs).toBe(false);
  });
});

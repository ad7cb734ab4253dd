import { describe, expect, it } from 'vitest';
import { AMP_QUERY_ACTIONS, AMP_WRITE_ACTIONS } from '../../cdktf/stacks/long-term-metrics.js';
import { GRAFANA_SERVICE_ACCOUNT, longTermWorkspace, PROMETHEUS_SERVICE_ACCOUNT } from '../../contracts/long-term-metrics.js';
import { environment } from '../support/envs.js';
import { dataSources, resources, synthEnvironment, type TfJson } from './support.js';

interface Statement {
  actions: string[];
  resources?: string[];
  principals: Array<{ type: string; identifiers: string[] }>;
  condition?: Array<{ test: string; variable: string; values: string[] }>;
}

/** The statements of the policy document a role's inline policy (or trust) points at. */
function document(json: TfJson, reference: unknown): Statement[] {
  const id = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(reference))?.[1] ?? '';
  const doc = dataSources(json, 'aws_iam_policy_document')[id];
  if (!doc) throw new Error(`no policy document behind ${String(reference)}`);
  return doc.statement as Statement[];
}

describe('long-term-metrics stack (prod, amp)', () => {
  const env = environment('prod');
  const ws = longTermWorkspace(env);
  const json = synthEnvironment(env).json['long-term-metrics'];
  const roles = resources(json, 'aws_iam_role');
  const policies = resources(json, 'aws_iam_role_policy');
  const role = (name: string) => {
    const entry = Object.entries(roles).find(([, r]) => r.name === name);
    if (!entry) throw new Error(`no role ${name}`);
    const [id, body] = entry;
    const policy = Object.values(policies).find((p) => p.role === `\${aws_iam_role.${id}.name}`);
    return { id, trust: document(json, body.assume_role_policy), policy: document(json, policy?.policy) };
  };
  const workspaceArn = '${aws_prometheus_workspace.workspace.arn}';

  it('creates one AMP workspace with the configured alias, encrypted with its own rotating KMS key', () => {
    const workspaces = Object.values(resources(json, 'aws_prometheus_workspace'));
    expect(workspaces.map((w) => w.alias)).toEqual(['obs-prod']);
    const keys = resources(json, 'aws_kms_key');
    expect(Object.values(keys).map((k) => k.enable_key_rotation)).toEqual([true]);
    expect(workspaces[0]?.kms_key_arn).toBe(`\${aws_kms_key.${Object.keys(keys)[0]}.arn}`);
    expect(Object.values(resources(json, 'aws_kms_alias')).map((a) => a.name)).toEqual(['alias/obs-prod/amp']);
  });

  it('gives Prometheus a Pod Identity role that may only remote-write, to this workspace only', () => {
    const writer = role(ws?.writerRoleName ?? '');
    expect(writer.trust).toEqual([
      expect.objectContaining({ actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }] }),
    ]);
    expect(writer.policy.map((s) => [s.actions, s.resources])).toEqual([[[...AMP_WRITE_ACTIONS], [workspaceArn]]]);
    expect(Object.values(resources(json, 'aws_eks_pod_identity_association'))).toEqual([
      expect.objectContaining({
        namespace: PROMETHEUS_SERVICE_ACCOUNT.namespace,
        service_account: PROMETHEUS_SERVICE_ACCOUNT.name,
        role_arn: `\${aws_iam_role.${writer.id}.arn}`,
      }),
    ]);
  });

  it('gives Grafana an IRSA role, for its ServiceAccount only, with the read actions on this workspace only', () => {
    const reader = role(ws?.readerRoleName ?? '');
    expect(AMP_QUERY_ACTIONS.every((a) => /^aps:(Query|Get)/.test(a))).toBe(true);
    expect(reader.policy.map((s) => [s.actions, s.resources])).toEqual([[[...AMP_QUERY_ACTIONS], [workspaceArn]]]);
    const [trust] = reader.trust;
    expect(trust?.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust?.principals).toEqual([{ type: 'Federated', identifiers: ['${aws_iam_openid_connect_provider.cluster-oidc.arn}'] }]);
    expect(trust?.condition?.map((c) => [c.test, c.variable.split(':').pop(), c.values])).toEqual([
      ['StringEquals', 'sub', [`system:serviceaccount:${GRAFANA_SERVICE_ACCOUNT.namespace}:${GRAFANA_SERVICE_ACCOUNT.name}`]],
      ['StringEquals', 'aud', ['sts.amazonaws.com']],
    ]);
    // The role the Grafana ServiceAccount annotation names (cdk8s) is the role this stack creates.
    expect(ws?.readerRoleArn).toBe(`arn:aws:iam::${env.aws.accountId}:role/${ws?.readerRoleName}`);
  });

  it('trusts the cluster\'s own OIDC issuer and outputs the workspace id for the config', () => {
    const providers = Object.values(resources(json, 'aws_iam_openid_connect_provider'));
    expect(providers).toHaveLength(1);
    expect(String(providers[0]?.url)).toMatch(/terraform_remote_state\.cross-stack-reference-input-prod-cluster/);
    expect(providers[0]?.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(Object.keys((json as unknown as { output: Record<string, unknown> }).output)).toEqual(expect.arrayContaining(['workspace_id', 'prometheus_endpoint']));
  });
});

describe('long-term-metrics stack (dev, none)', () => {
  it('holds no resources', () => {
    const json = synthEnvironment(environment('dev')).json['long-term-metrics'];
    expect(json.resource ?? {}).toEqual({});
  });
});

import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ECK_METRICS_PORT, EXTERNAL_SECRETS_METRICS_PORT, EXTERNAL_SECRETS_SERVICE_ACCOUNT, KUBELET_SERVICE } from '../../contracts/operators.js';
import { podIdentityRole } from '../../cdktf/lib/iam.js';
import { ADDON_CHARTS, ESO_SECRET_ACTIONS } from '../../cdktf/stacks/addons.js';
import { PlatformStack } from '../../cdktf/stacks/platform-stack.js';
import { PROMETHEUS_SELECTOR } from '../../cdk8s/lib/monitoring.js';
import { platformSecrets } from '../../config/secrets.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';
import { dataSources, resources, synthEnvironment } from './support.js';

interface Statement {
  sid?: string;
  actions: string[];
  resources: string[];
  principals?: unknown;
}

/** Exact chart versions: x.y.z with an optional leading v, nothing else (no ranges, no wildcards). */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('addons stack (%s)', (_name, env) => {
  const synthesized = synthEnvironment(env);
  const json = synthesized.json.addons;
  const releases = resources(json, 'helm_release');
  const values = (release: string) => JSON.parse((releases[release]?.values as string[])[0] as string) as Record<string, unknown>;
  const esoPolicy = Object.entries(dataSources(json, 'aws_iam_policy_document')).find(([id]) => id.startsWith('external-secrets-role_policy'))?.[1];
  const statements = (esoPolicy?.statement ?? []) as Statement[];

  it('installs each operator from a pinned chart version into its own namespace', () => {
    expect(Object.keys(releases).sort()).toEqual(ADDON_CHARTS.map((c) => c.release).sort());
    for (const release of Object.values(releases)) expect(release.version).toMatch(EXACT_VERSION);
    const namespaces = Object.values(releases).map((r) => r.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    expect(Object.fromEntries(Object.values(releases).map((r) => [r.chart, r.version]))).toEqual({
      'aws-load-balancer-controller': '3.5.0',
      'kube-prometheus-stack': '88.3.0',
      'eck-operator': '3.5.0',
      'external-secrets': '2.9.0',
      'oci://docker.io/envoyproxy/gateway-helm': 'v1.9.0',
    });
    expect(releases['elastic-operator']?.namespace).toBe('elastic-system');
    expect(releases['external-secrets']?.namespace).toBe('external-secrets');
    expect(releases['envoy-gateway']?.namespace).toBe('envoy-gateway-system');
  });

  it('passes values as one JSON document per release (typed objects, no YAML strings)', () => {
    for (const release of Object.values(releases)) {
      expect(release.values).toHaveLength(1);
      expect(() => JSON.parse((release.values as string[])[0] as string)).not.toThrow();
      expect(release.set).toBeUndefined();
    }
  });

  it('installs only the prometheus-operator and its CRDs, with the kubelet Service in kube-system/kubelet', () => {
    const v = values('prometheus-operator') as { crds: unknown; prometheus: unknown; alertmanager: unknown; grafana: unknown; prometheusOperator: Record<string, unknown> };
    expect(v.crds).toEqual({ enabled: false, upgradeJob: { enabled: false } });
    for (const off of [v.prometheus, v.alertmanager, v.grafana]) expect(off).toEqual({ enabled: false });
    expect(v.prometheusOperator.kubeletService).toEqual({ enabled: true, ...KUBELET_SERVICE });
    expect(KUBELET_SERVICE).toEqual({ namespace: 'kube-system', name: 'kubelet' });
  });

  it('keeps every operator metrics endpoint on and every chart monitor off (the cdk8s PodMonitors scrape them)', () => {
    const op = values('prometheus-operator').prometheusOperator as { serviceMonitor: unknown; tls: unknown };
    expect(op.serviceMonitor).toEqual({ selfMonitor: false });
    expect(op.tls).toEqual({ enabled: true });
    expect(values('elastic-operator')).toMatchObject({
      config: { metrics: { port: String(ECK_METRICS_PORT), secureMode: { enabled: false } } },
      podMonitor: { enabled: false },
      serviceMonitor: { enabled: false },
    });
    expect(ECK_METRICS_PORT).toBeGreaterThan(0);
    expect(values('external-secrets')).toMatchObject({
      metrics: { listen: { port: EXTERNAL_SECRETS_METRICS_PORT, secure: { enabled: false } }, service: { enabled: false } },
      serviceMonitor: { enabled: false },
    });
    // The Envoy Gateway chart has no monitor option; its `metrics` port (19001) is on by default.
    expect(JSON.stringify(values('envoy-gateway'))).not.toMatch(/[Mm]onitor/);
    // No chart carries the Prometheus selector label any more: nothing but the cdk8s PodMonitors is selected.
    const selectorKey = Object.keys(PROMETHEUS_SELECTOR)[0] as string;
    for (const release of Object.values(releases)) expect((release.values as string[])[0]).not.toContain(selectorKey);
  });

  it('installs the operators without waiting for the prometheus-operator (no chart renders a monitor)', () => {
    for (const name of ['elastic-operator', 'external-secrets', 'envoy-gateway']) expect(releases[name]?.depends_on ?? []).not.toContain('helm_release.prometheus-operator');
  });

  it('runs operators non-root with requests and a memory limit from config', () => {
    const eso = values('external-secrets') as { securityContext: Record<string, unknown>; resources: unknown };
    expect(eso.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(eso.resources).toEqual({ requests: env.addons.externalSecrets.resources, limits: { memory: env.addons.externalSecrets.resources.memory } });
    const eck = values('elastic-operator') as { securityContext: Record<string, unknown>; replicaCount: number };
    expect(eck.securityContext).toMatchObject({ runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(eck.replicaCount).toBe(env.addons.eckOperator.replicas);
    const gateway = values('envoy-gateway') as { deployment: { replicas: number; envoyGateway: { resources: unknown } } };
    expect(gateway.deployment.replicas).toBe(env.addons.envoyGateway.replicas);
    expect(gateway.deployment.envoyGateway.resources).toEqual({ requests: env.addons.envoyGateway.resources, limits: { memory: env.addons.envoyGateway.resources.memory } });
    const promOp = values('prometheus-operator').prometheusOperator as { containerSecurityContext: Record<string, unknown> };
    expect(promOp.containerSecurityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
  });

  it('gives External Secrets exactly the platform secret ARNs and the key, with no wildcard', () => {
    expect(statements).toHaveLength(2);
    const [read, decrypt] = statements;
    expect(read?.actions).toEqual([...ESO_SECRET_ACTIONS]);
    expect(read?.resources).toHaveLength(platformSecrets(env).length);
    for (const arn of read?.resources ?? []) expect(arn).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-[a-z]+-secrets\.outputs\.[\w-]+arn\}$/);
    expect(decrypt?.actions).toEqual(['kms:Decrypt']);
    expect(decrypt?.resources).toEqual([expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-[a-z]+-secrets\.outputs\.cross-stack-output-aws_kms_key[\w-]+arn\}$/)]);
    for (const s of statements) for (const v of [...s.actions, ...s.resources]) expect(v).not.toContain('*');
    expect(JSON.stringify(esoPolicy)).not.toContain('*');
  });

  it('binds that role to ServiceAccount external-secrets/external-secrets with EKS Pod Identity', () => {
    const association = resources(json, 'aws_eks_pod_identity_association')['external-secrets-identity'];
    expect(association).toMatchObject({ namespace: 'external-secrets', service_account: EXTERNAL_SECRETS_SERVICE_ACCOUNT });
    expect(values('external-secrets')).toMatchObject({ serviceAccount: { create: true, name: 'external-secrets' } });
  });

  it('authenticates Helm to the cluster from the cluster stack outputs with aws eks get-token', () => {
    const helm = json.provider.helm?.[0] as { kubernetes: { host: string; cluster_ca_certificate: string; exec: { command: string; args: string[] } } };
    expect(helm.kubernetes.host).toMatch(new RegExp(`cross-stack-reference-input-${env.name}-cluster\\.outputs\\..*endpoint`));
    expect(helm.kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\./);
    expect(helm.kubernetes.exec.command).toBe('aws');
    expect(helm.kubernetes.exec.args.slice(0, 3)).toEqual(['eks', 'get-token', '--cluster-name']);
    expect(helm.kubernetes.exec.args).toContain(env.aws.region);
    expect(json.terraform.required_providers.helm?.version).toMatch(EXACT_VERSION);
  });
});

describe('least-privilege roles', () => {
  class Scratch extends PlatformStack {
    constructor() {
      super(new App(), 'scratch', environment('dev'));
    }
  }

  it('throws if a pod identity role statement contains a wildcard', () => {
    expect(() =>
      podIdentityRole(new Scratch(), 'r', { name: 'x', statements: [{ effect: 'Allow', actions: ['secretsmanager:*'], resources: ['arn:aws:secretsmanager:eu-west-1:111111111111:secret:a'] }] }),
    ).toThrow(/contains a wildcard; list exact actions and resource ARNs/);
  });
});

import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association/index.js';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster/index.js';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import type { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider/index.js';
import { Release } from '@cdktf/provider-helm/lib/release/index.js';
import { Fn, type ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { type ChartSpec, ECK_OPERATOR_CHART, ENVOY_GATEWAY_CHART, EXTERNAL_SECRETS_CHART, EXTERNAL_SECRETS_SERVICE_ACCOUNT, OPERATOR_CHARTS, PROMETHEUS_OPERATOR_CHART } from '../../contracts/operators.js';
import { eckOperatorValues } from '../addons/eck-operator.js';
import { envoyGatewayValues } from '../addons/envoy-gateway.js';
import { externalSecretsValues } from '../addons/external-secrets.js';
import { prometheusOperatorValues } from '../addons/prometheus-operator.js';
import {
  AWS_LOAD_BALANCER_CONTROLLER,
  AwsLoadBalancerControllerIdentity,
  awsLoadBalancerControllerValues,
} from '../addons/aws-load-balancer-controller.js';
import { podIdentityRole, type ServiceRole } from '../lib/iam.js';
import { PlatformStack } from './platform-stack.js';

/** Every chart this stack installs, in install order. */
export const ADDON_CHARTS: readonly ChartSpec[] = [AWS_LOAD_BALANCER_CONTROLLER, ...OPERATOR_CHARTS];

/**
 * Charts whose CRDs are in the pinned set (scripts/crds.lock.json): `scripts/crds-apply.sh` applies them server-side
 * before this stack, and Helm skips every `crds/` folder of these releases, so it never installs a CRD version that
 * differs from the pin (Helm installs `crds/` once and never upgrades them). The AWS Load Balancer Controller's set is
 * vendored (vendor/aws-load-balancer-controller-v3.5.0), the operators' sets come from the mirror or upstream.
 */
export const PINNED_CRD_CHARTS: readonly ChartSpec[] = ADDON_CHARTS;

/** Actions External Secrets needs on the platform secrets (read only). */
export const ESO_SECRET_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] as const;

export interface AddonsStackProps {
  /** The cluster (endpoint and CA for the Helm provider; name for the Pod Identity association). */
  readonly cluster: EksCluster;
  /** The Secrets Manager secrets External Secrets may read: exactly these, by ARN. */
  readonly secrets: readonly SecretsmanagerSecret[];
  /** The key that encrypts them (kms:Decrypt on this key only). */
  readonly secretsKey: KmsKey;
  /** The environment's VPC: the AWS Load Balancer Controller places the gateway NLB in its tagged subnets. */
  readonly vpc: Vpc;
}

/**
 * The operators the workloads need, installed with Helm from pinned chart versions with typed values: the AWS Load
 * Balancer Controller (with a Pod Identity role carrying its documented IAM policy; it creates the gateway's NLB), the
 * prometheus-operator (and its CRDs), ECK, External Secrets (with a Pod Identity role limited to the platform
 * secrets and their key) and Envoy Gateway (with the Gateway API CRDs). Each runs in its own namespace, non-root
 * with resources from config, with its metrics endpoint on and its chart's own monitors off: the stack's Prometheus
 * scrapes them through the cdk8s PodMonitors of `cdk8s/metrics/operator-scrapes.ts (endpoints from `STACK_OPERATORS` in contracts/operators.ts)`.
 */
export class AddonsStack extends PlatformStack {
  readonly releases: Readonly<Record<string, Release>>;
  readonly externalSecretsRole: ServiceRole;
  readonly loadBalancerControllerIdentity: AwsLoadBalancerControllerIdentity;

  constructor(scope: Construct, env: Environment, props: AddonsStackProps) {
    super(scope, 'addons', env);
    if (props.secrets.length === 0) throw new Error('secrets: External Secrets needs at least one secret to read; add one to config/secrets.ts');
    new HelmProvider(this, 'helm', {
      kubernetes: {
        host: props.cluster.endpoint,
        clusterCaCertificate: Fn.base64decode(props.cluster.certificateAuthority.get(0).data),
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['eks', 'get-token', '--cluster-name', props.cluster.name, '--region', env.aws.region, '--output', 'json'],
        },
      },
    });

    this.externalSecretsRole = podIdentityRole(this, 'external-secrets-role', {
      name: `${env.resourcePrefix}-external-secrets`,
      statements: [
        { sid: 'ReadPlatformSecrets', effect: 'Allow', actions: [...ESO_SECRET_ACTIONS], resources: props.secrets.map((s) => s.arn) },
        { sid: 'DecryptPlatformSecrets', effect: 'Allow', actions: ['kms:Decrypt'], resources: [props.secretsKey.arn] },
      ],
    });
    const esoIdentity = new EksPodIdentityAssociation(this, 'external-secrets-identity', {
      clusterName: props.cluster.name,
      namespace: EXTERNAL_SECRETS_CHART.namespace,
      serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
      roleArn: this.externalSecretsRole.role.arn,
    });

    const release = (spec: ChartSpec, values: object, dependsOn: readonly ITerraformDependable[]) =>
      new Release(this, spec.release, {
        name: spec.release,
        chart: spec.chart,
        ...(spec.repository ? { repository: spec.repository } : {}),
        version: spec.version,
        namespace: spec.namespace,
        createNamespace: true,
        ...(PINNED_CRD_CHARTS.includes(spec) ? { skipCrds: true } : {}),
        // JSON is YAML: the typed values object goes to Helm unchanged.
        values: [JSON.stringify(values)],
        atomic: true,
        cleanupOnFail: true,
        wait: true,
        timeout: 600,
        maxHistory: 10,
        dependsOn: [...dependsOn],
      });

    const addons = env.addons;
    this.loadBalancerControllerIdentity = new AwsLoadBalancerControllerIdentity(this, 'aws-load-balancer-controller-identity', {
      namePrefix: env.resourcePrefix,
      clusterName: props.cluster.name,
    });
    const loadBalancerController = release(
      AWS_LOAD_BALANCER_CONTROLLER,
      awsLoadBalancerControllerValues({
        clusterName: props.cluster.name,
        region: env.aws.region,
        vpcId: props.vpc.id,
        size: addons.awsLoadBalancerController,
      }),
      this.loadBalancerControllerIdentity.grants,
    );
    const prometheusOperator = release(PROMETHEUS_OPERATOR_CHART, prometheusOperatorValues(addons.prometheusOperator), []);
    // No chart renders a ServiceMonitor/PodMonitor (the cdk8s OperatorScrapes PodMonitors scrape every operator), so
    // no release needs the prometheus-operator CRDs first.
    const eck = release(ECK_OPERATOR_CHART, eckOperatorValues(addons.eckOperator), []);
    const eso = release(EXTERNAL_SECRETS_CHART, externalSecretsValues(addons.externalSecrets), [esoIdentity, ...this.externalSecretsRole.grants]);
    // The gateway's EnvoyProxy Service only gets its NLB once the controller runs: install the controller first.
    const gateway = release(ENVOY_GATEWAY_CHART, envoyGatewayValues(addons.envoyGateway), [loadBalancerController]);
    this.releases = {
      [AWS_LOAD_BALANCER_CONTROLLER.release]: loadBalancerController,
      [PROMETHEUS_OPERATOR_CHART.release]: prometheusOperator,
      [ECK_OPERATOR_CHART.release]: eck,
      [EXTERNAL_SECRETS_CHART.release]: eso,
      [ENVOY_GATEWAY_CHART.release]: gateway,
    };
  }
}

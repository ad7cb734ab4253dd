import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association/index.js';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster/index.js';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace/index.js';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../../config/derive.js';
import { GRAFANA_SERVICE_ACCOUNT, longTermWorkspace, PROMETHEUS_SERVICE_ACCOUNT } from '../../contracts/long-term-metrics.js';
import { IrsaRole, podIdentityRole, type ServiceRole } from '../lib/iam.js';
import { RotatingKey } from '../lib/kms.js';
import { PlatformStack } from './platform-stack.js';

/** What Prometheus may do on the workspace: write samples, nothing else. */
export const AMP_WRITE_ACTIONS = ['aps:RemoteWrite'] as const;
/** What Grafana may do on the workspace: the read (`aps:Query*`/`aps:Get*`) actions of the query API, listed exactly. */
export const AMP_QUERY_ACTIONS = ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'] as const;

export interface LongTermMetricsStackProps {
  /** The cluster whose Prometheus writes and whose Grafana queries (Pod Identity association, OIDC issuer). */
  readonly cluster: EksCluster;
}

/** The AMP resources of an environment in `amp` mode. */
export interface AmpResources {
  readonly workspace: PrometheusWorkspace;
  readonly key: RotatingKey;
  readonly writer: ServiceRole;
  readonly reader: IrsaRole;
}

/**
 * Long-term, global metrics: with `metrics.longTerm.mode: amp`, an Amazon Managed Service for Prometheus workspace
 * encrypted with its own rotating customer-managed KMS key, a Pod Identity role that lets the stack's Prometheus
 * remote-write to that workspace only, and an IRSA role that lets Grafana query it only. With `none` the stack is
 * empty (apply it anyway: it is how the workspace is removed when an environment goes back to `none`).
 */
export class LongTermMetricsStack extends PlatformStack {
  readonly amp?: AmpResources;

  constructor(scope: Construct, env: Environment, props: LongTermMetricsStackProps) {
    super(scope, 'long-term-metrics', env);
    const ws = longTermWorkspace(env);
    if (!ws) return;

    const key = new RotatingKey(this, 'amp-key', {
      alias: `${env.resourcePrefix}/amp`,
      description: `Encryption of the Amazon Managed Service for Prometheus workspace of ${env.resourcePrefix}`,
    });
    const workspace = new PrometheusWorkspace(this, 'workspace', { alias: ws.alias, kmsKeyArn: key.key.arn });

    const writer = podIdentityRole(this, 'prometheus-role', {
      name: ws.writerRoleName,
      statements: [{ sid: 'RemoteWrite', effect: 'Allow', actions: [...AMP_WRITE_ACTIONS], resources: [workspace.arn] }],
    });
    new EksPodIdentityAssociation(this, 'prometheus-identity', {
      clusterName: props.cluster.name,
      namespace: PROMETHEUS_SERVICE_ACCOUNT.namespace,
      serviceAccount: PROMETHEUS_SERVICE_ACCOUNT.name,
      roleArn: writer.role.arn,
      dependsOn: writer.grants,
    });

    // IRSA for Grafana (see contracts/long-term-metrics.ts): the cluster's OIDC issuer as an IAM identity provider.
    const oidc = new IamOpenidConnectProvider(this, 'cluster-oidc', {
      url: props.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
    const reader = new IrsaRole(this, 'grafana-role', {
      name: ws.readerRoleName,
      provider: { arn: oidc.arn, url: oidc.url },
      serviceAccount: GRAFANA_SERVICE_ACCOUNT,
      statements: [{ sid: 'Query', effect: 'Allow', actions: [...AMP_QUERY_ACTIONS], resources: [workspace.arn] }],
    });

    new TerraformOutput(this, 'workspace_id', {
      value: workspace.id,
      description: 'put this into metrics.longTerm.workspaceId of the environment file, then npm run synth',
    });
    new TerraformOutput(this, 'prometheus_endpoint', { value: workspace.prometheusEndpoint });
    this.amp = { workspace, key, writer, reader };
  }
}

/**
 * Long-term metrics (Amazon Managed Service for Prometheus): the names both synthesizers must agree on — the
 * workspace of an environment, the ServiceAccounts that write and query it and the IAM roles they get.
 *
 * Credentials: Prometheus gets its role through EKS Pod Identity; Grafana through IRSA (an OIDC-federated role named
 * in a ServiceAccount annotation), because the AWS SDK in Grafana 12's SigV4 datasource does not take Pod Identity
 * credentials (docs/long-term-metrics.md, "Credentials", has the evidence).
 */
import { AMP_VPC_ENDPOINT, ampRemoteWriteUrl, ampWorkspaceUrl } from '../config/amp.js';
import { NAMESPACES } from '../config/derive.js';
import type { Environment } from '../config/derive.js';

const MONITORING = NAMESPACES.monitoring.name;

/** A Kubernetes ServiceAccount, by namespace and name. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** The ServiceAccount of the Prometheus pods (remote write, Pod Identity). */
export const PROMETHEUS_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: MONITORING, name: 'prometheus' };
/** The ServiceAccount of the Grafana pods (queries, IRSA). */
export const GRAFANA_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: MONITORING, name: 'grafana' };

/** The `remote_name` of the AMP queue in Prometheus' remote-storage metrics. */
export const AMP_REMOTE_NAME = 'amp';

/** An environment's AMP workspace, as far as config knows it. */
export interface LongTermWorkspace {
  readonly alias: string;
  readonly region: string;
  /** IAM role Prometheus assumes (Pod Identity) to remote-write. */
  readonly writerRoleName: string;
  /** IAM role Grafana assumes (IRSA) to query. */
  readonly readerRoleName: string;
  readonly readerRoleArn: string;
  /** Interface VPC endpoint service the traffic goes through. */
  readonly vpcEndpoint: string;
  /** Set once the workspace exists and its id is in config (`metrics.longTerm.workspaceId`). */
  readonly endpoints?: { readonly remoteWriteUrl: string; readonly queryUrl: string };
}

/** The environment's workspace when `metrics.longTerm.mode` is `amp`, else undefined. */
export function longTermWorkspace(env: Environment): LongTermWorkspace | undefined {
  const longTerm = env.metrics.longTerm;
  if (longTerm.mode !== 'amp') return undefined;
  const region = env.aws.region;
  const readerRoleName = `${env.resourcePrefix}-grafana-amp-query`;
  return {
    alias: longTerm.workspaceAlias ?? env.resourcePrefix,
    region,
    writerRoleName: `${env.resourcePrefix}-prometheus-amp-write`,
    readerRoleName,
    readerRoleArn: `arn:aws:iam::${env.aws.accountId}:role/${readerRoleName}`,
    vpcEndpoint: AMP_VPC_ENDPOINT,
    ...(longTerm.workspaceId
      ? { endpoints: { remoteWriteUrl: ampRemoteWriteUrl(region, longTerm.workspaceId), queryUrl: ampWorkspaceUrl(region, longTerm.workspaceId) } }
      : {}),
  };
}

/**
 * Amazon Managed Service for Prometheus (AMP): the facts the config layer checks against, and the names both
 * synthesizers derive from an environment's `metrics.longTerm` section.
 */

/**
 * Regions where AMP runs, from "Supported Regions" of the AMP user guide
 * (https://docs.aws.amazon.com/prometheus/latest/userguide/what-is-Amazon-Managed-Service-Prometheus.html#AMP-supported-Regions,
 * the same table as https://docs.aws.amazon.com/general/latest/gr/prometheus-service.html). When AWS adds a region,
 * add it here; `metrics.longTerm.mode: amp` is refused in any other region.
 */
export const AMP_REGIONS = [
  'us-east-2', 'us-east-1', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-5', 'ap-southeast-4', 'ap-south-1', 'ap-northeast-3',
  'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-east-2', 'ap-southeast-7', 'ap-northeast-1',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-south-1', 'eu-west-3', 'eu-south-2', 'eu-north-1', 'eu-central-2',
  'il-central-1', 'mx-central-1', 'me-south-1', 'me-central-1', 'sa-east-1',
  'us-gov-east-1', 'us-gov-west-1',
] as const;

/**
 * A workspace alias: AMP accepts 1–100 characters and strips leading and trailing blanks (which would make every
 * Terraform plan show a change). This project also limits the characters to letters, digits, `.`, `_` and `-`
 * starting with a letter or digit, so the alias is safe in tags, CLI arguments and dashboards.
 */
export const WORKSPACE_ALIAS = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A workspace id, as AMP's API defines it (1–64 characters, `[0-9A-Za-z][-.0-9A-Z_a-z]*`), e.g. `ws-1a2b3c4d-…`. */
export const WORKSPACE_ID = /^[0-9A-Za-z][-.0-9A-Z_a-z]{0,63}$/;

/** The data-plane endpoint of a workspace (`aps-workspaces.<region>.amazonaws.com/workspaces/<id>`). */
export function ampWorkspaceUrl(region: string, workspaceId: string): string {
  return `https://aps-workspaces.${region}.amazonaws.com/workspaces/${workspaceId}`;
}

/** The remote-write URL of a workspace. */
export function ampRemoteWriteUrl(region: string, workspaceId: string): string {
  return `${ampWorkspaceUrl(region, workspaceId)}/api/v1/remote_write`;
}

/** The interface VPC endpoint service of the AMP data plane (remote write and queries). */
export const AMP_VPC_ENDPOINT = 'aps-workspaces';

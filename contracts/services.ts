/**
 * What both synthesizers derive from one catalog entry: its ECR repository, image reference, the names of its
 * ServiceAccount and IAM roles, its pod labels and its in-cluster endpoint. cdktf creates the repository and roles,
 * cdk8s references them; neither retypes a name.
 */
import type { Environment } from '../config/derive.js';
import { type CatalogService, DEFAULT_AUTOSCALING } from '../config/sections/services.js';
import { type ServiceEndpoint, serviceEndpoint } from './endpoints.js';

/** The ECR repository name of an image the platform stores: `<resourcePrefix>/<name>`. */
export function repositoryName(env: Pick<Environment, 'resourcePrefix'>, name: string): string {
  return `${env.resourcePrefix}/${name}`;
}

/** The ECR registry host of the environment's account and region. */
export function registryHost(env: Pick<Environment, 'aws'>): string {
  return `${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com`;
}

/** The short repository name of a service (`image.repository`, else the service name). */
export function serviceRepository(svc: Pick<CatalogService, 'name' | 'image'>): string {
  return svc.image?.repository ?? svc.name;
}

/**
 * `<registry>/<resourcePrefix>/<repository>:<tag>@<digest>` (without `@<digest>` while none is promoted).
 * Throws for an entry without image: the config rules refuse a deployed service without one.
 */
export function serviceImageRef(env: Pick<Environment, 'aws' | 'resourcePrefix'>, svc: Pick<CatalogService, 'name' | 'image'>): string {
  if (!svc.image) throw new Error(`service "${svc.name}" has no image; set services[].image.tag (or deploy: false)`);
  const ref = `${registryHost(env)}/${repositoryName(env, serviceRepository(svc))}:${svc.image.tag}`;
  return svc.image.digest ? `${ref}@${svc.image.digest}` : ref;
}

/** Selector labels of a service's pods (and its Service's selector). */
export function servicePods(svc: Pick<CatalogService, 'name'>): Readonly<Record<string, string>> {
  return { 'app.kubernetes.io/name': svc.name, 'app.kubernetes.io/instance': svc.name };
}

/** The ServiceAccount a service runs as (and its Pod Identity association names). */
export function serviceAccountName(svc: Pick<CatalogService, 'name'>): string {
  return svc.name;
}

/** IAM role a GitLab pipeline assumes to push the service's image: `obs-<env>-ci-push-<service>`. */
export function pushRoleName(env: Pick<Environment, 'resourcePrefix'>, svc: Pick<CatalogService, 'name'>): string {
  return `${env.resourcePrefix}-ci-push-${svc.name}`;
}

/**
 * IAM role the service pipelines' deploy jobs assume in one environment (GitLab OIDC; the cluster stack creates it
 * with edit access to the deployed services' namespaces only): `obs-<env>-service-deploy`.
 */
export function serviceDeployRoleName(env: Pick<Environment, 'resourcePrefix'>): string {
  return `${env.resourcePrefix}-service-deploy`;
}

/** The ARN of {@link serviceDeployRoleName} in the environment's account. */
export function serviceDeployRoleArn(env: Pick<Environment, 'resourcePrefix' | 'aws'>): string {
  return `arn:aws:iam::${env.aws.accountId}:role/${serviceDeployRoleName(env)}`;
}

/** IAM role of the service's pods (EKS Pod Identity): `obs-<env>-svc-<service>`. */
export function podRoleName(env: Pick<Environment, 'resourcePrefix'>, svc: Pick<CatalogService, 'name'>): string {
  return `${env.resourcePrefix}-svc-${svc.name}`;
}

/** The service's Service on one of its named ports (the Service never remaps: port = container port). */
export function serviceEndpointOf(svc: Pick<CatalogService, 'name' | 'namespace' | 'ports'>, portName: string): ServiceEndpoint {
  const port = svc.ports[portName];
  if (port === undefined) {
    throw new Error(`service "${svc.name}" has no port named "${portName}" (ports: ${Object.keys(svc.ports).join(', ')}); add it to services[].ports`);
  }
  return serviceEndpoint({ service: svc.name, namespace: svc.namespace, port, portName, pods: servicePods(svc) });
}

/** The catalog services the platform deploys (entries with `deploy: false` are only monitored). */
export function deployedServices<T extends Pick<CatalogService, 'deploy'>>(services: readonly T[]): T[] {
  return services.filter((s) => s.deploy);
}

/** How a service scales: a fixed count (`replicas`) or an autoscaler (`autoscaling`, the default). */
export type Scaling =
  | { readonly kind: 'fixed'; readonly replicas: number }
  | { readonly kind: 'autoscaled'; readonly min: number; readonly max: number; readonly targetCPUUtilisation: number };

export function scalingOf(svc: Pick<CatalogService, 'replicas' | 'autoscaling'>): Scaling {
  if (svc.replicas !== undefined && !svc.autoscaling) return { kind: 'fixed', replicas: svc.replicas };
  return { kind: 'autoscaled', ...(svc.autoscaling ?? DEFAULT_AUTOSCALING) };
}

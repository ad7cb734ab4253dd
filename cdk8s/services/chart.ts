import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { platformSecret, platformSecrets, type PlatformSecret } from '../../config/secrets.js';
import type { CatalogService } from '../../config/sections/services.js';
import { deployedServices, serviceEndpointOf, serviceImageRef, servicePods } from '../../contracts/services.js';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';
import type { BasicAuth, OidcAuth } from '../gateway/gateway-auth.js';
import { HTTPS_LISTENER, PLATFORM_GATEWAY_NAME } from '../gateway/gateway.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';
import { SyncedSecret } from '../lib/external-secret.js';
import { GATEWAY_PROXIES, PROMETHEUS_PODS, PUBLIC_INTERNET, type Peer } from '../lib/network-policy.js';
import { DefaultDeny } from '../platform/default-deny.js';
import { PlatformNamespace } from '../platform/namespace.js';
import { ServiceMonitoring } from './service-monitor.js';
import { ServiceRoute } from './service-route.js';
import { ServiceWorkload } from './service-workload.js';

/** Namespaces of the deployed catalog services, sorted (several services may share one). */
export function serviceNamespaces(services: readonly CatalogService[]): string[] {
  return [...new Set(deployedServices(services).map((s) => s.namespace))].sort();
}

/**
 * The application services of the catalog. Per namespace of a deployed service: the namespace (Pod Security
 * `restricted`) and its default-deny policy. Per deployed service: its workload (ServiceWorkload), its synced
 * secrets and, with a route, its HTTPRoute and gateway policies. Per catalog service, deployed or not: its
 * ServiceMonitor. Dashboards (metrics chart) and SLO rules (alerting chart) come from the same entries.
 */
export class ServicesChart extends Chart {
  /** The workloads by service name, for charts that connect to them. */
  readonly workloads: ReadonlyMap<string, ServiceWorkload>;

  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    const { env } = props;
    for (const namespace of serviceNamespaces(env.services)) {
      new PlatformNamespace(this, `namespace-${namespace}`, { name: namespace, enforce: 'restricted' });
      new DefaultDeny(this, `namespace-${namespace}-default-deny`, { namespace });
    }

    const deployed = deployedServices(env.services);
    const byName = new Map(deployed.map((s) => [s.name, s]));
    const callers = new Map<string, Peer[]>();
    for (const s of deployed) {
      for (const dep of s.dependencies.services) callers.set(dep, [...(callers.get(dep) ?? []), { namespace: s.namespace, pods: servicePods(s) }]);
    }
    const catalog = new Map(platformSecrets(env).map((s) => [s.id, s]));
    const secretNamed = (name: string): PlatformSecret => {
      const secret = catalog.get(name);
      if (!secret) throw new Error(`secret "${name}" is not in the catalog; add it to the top-level secrets of the environment file`);
      return secret;
    };
    // AWS APIs: through the VPC's interface endpoints when every declared one has an endpoint, else (NAT, the S3
    // gateway endpoint) at public AWS addresses on 443; the policy test lists each such service as an exception.
    const interfaceEndpoints: readonly string[] = env.network.interfaceEndpoints;
    const awsEgress = (svc: CatalogService): Peer[] =>
      svc.dependencies.aws.every((e) => interfaceEndpoints.includes(e)) ? [{ cidr: env.network.vpcCidr }] : [{ cidr: env.network.vpcCidr }, PUBLIC_INTERNET];
    const gatewayNamespace = NAMESPACES.gateway.name;
    const auth: OidcAuth | BasicAuth =
      env.gateway.auth.mode === 'oidc'
        ? {
            mode: 'oidc',
            issuer: env.gateway.auth.issuer,
            clientId: env.gateway.auth.clientId,
            clientSecret: platformSecret(env, 'gateway-oidc').id,
            scopes: env.gateway.auth.scopes,
            cookieDomain: env.gateway.domain,
          }
        : { mode: 'basic', htpasswdSecret: platformSecret(env, 'gateway-basic-auth').id };

    const workloads = new Map<string, ServiceWorkload>();
    for (const svc of deployed) {
      const secrets = svc.secrets.map(
        (name) => new SyncedSecret(this, `${svc.name}-secret-${name}`, { env, secret: secretNamed(name), namespace: svc.namespace }),
      );
      const dependencies: ServiceEndpoint[] = svc.dependencies.services.flatMap((dep) => {
        const target = byName.get(dep);
        return target ? [serviceEndpointOf(target, 'http')] : [];
      });
      const workload = new ServiceWorkload(this, svc.name, {
        service: svc,
        image: serviceImageRef(env, svc),
        secrets,
        scraper: PROMETHEUS_PODS,
        ...(svc.route ? { gateway: GATEWAY_PROXIES } : {}),
        callers: callers.get(svc.name) ?? [],
        dependencies,
        ...(svc.dependencies.aws.length > 0 ? { awsEgress: awsEgress(svc) } : {}),
        podIdentity: svc.aws !== undefined,
      });
      workloads.set(svc.name, workload);
      if (svc.route) {
        new ServiceRoute(this, `${svc.name}-route`, {
          name: `service-${svc.name}`,
          gateway: { name: PLATFORM_GATEWAY_NAME, namespace: gatewayNamespace, listener: HTTPS_LISTENER },
          hostname: svc.route.host,
          path: svc.route.path,
          backend: workload.endpoint(svc.route.port),
          auth,
          traffic: {
            requestsPerClient: svc.route.rateLimit?.requestsPerClient ?? env.gateway.rateLimit.requestsPerClient,
            unit: svc.route.rateLimit?.unit ?? env.gateway.rateLimit.unit,
            requestTimeout: env.gateway.timeouts.request,
            connectTimeout: env.gateway.timeouts.connect,
          },
        });
      }
    }
    this.workloads = workloads;
    for (const svc of env.services) new ServiceMonitoring(this, `${svc.name}-monitoring`, { service: svc, path: svc.metricsPath });
  }
}

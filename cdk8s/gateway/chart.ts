import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACES } from '../../config/derive.js';
import { type GatewayUi, uiHostname } from '../../config/sections/gateway.js';
import { platformSecret } from '../../config/secrets.js';
import { GatewayAuth, type BasicAuth, type OidcAuth } from './gateway-auth.js';
import { GatewayTrafficPolicy } from './gateway-traffic-policy.js';
import { HTTPS_LISTENER, PlatformGateway } from './gateway.js';
import { ProxyScrape } from './proxy-scrape.js';
import { UiRoute, type UiRouteBackendTls } from './ui-route.js';
import { SyncedSecret } from '../lib/external-secret.js';
import { chartProps, type StackChartProps } from '../lib/chart-props.js';
import { ENDPOINTS } from '../../contracts/components.js';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';

interface UiBackend {
  readonly endpoint: ServiceEndpoint;
  readonly tls?: UiRouteBackendTls;
}

/** The Services behind each UI (endpoints from contracts/components.ts, shared with the charts that run them). */
export const UI_BACKENDS: Readonly<Record<GatewayUi, UiBackend>> = {
  grafana: { endpoint: ENDPOINTS.grafana },
  prometheus: { endpoint: ENDPOINTS.prometheus },
  alertmanager: { endpoint: ENDPOINTS.alertmanager },
  kibana: {
    endpoint: ENDPOINTS.kibana,
    // ECK serves Kibana over TLS with its self-signed CA, published in `<name>-kb-http-certs-public` (`ca.crt`).
    tls: { caSecret: `${ENDPOINTS.kibana.service}-certs-public`, hostname: ENDPOINTS.kibana.host },
  },
};

/**
 * The API gateway: the Gateway and its proxies, one authenticated, rate-limited route per UI, and the credentials
 * (TLS certificate, OIDC client secret or htpasswd) synced from AWS Secrets Manager.
 */
export class GatewayChart extends Chart {
  constructor(scope: Construct, id: string, props: StackChartProps) {
    super(scope, id, chartProps(props.env));
    const { env } = props;
    const config = env.gateway;
    const namespace = NAMESPACES.gateway.name;

    const sync = (secretId: string, type?: string): string =>
      new SyncedSecret(this, `secret-${secretId}`, {
        env,
        secret: platformSecret(env, secretId),
        namespace,
        ...(type ? { template: { type } } : {}),
      }).secretName;

    const gateway = new PlatformGateway(this, 'gateway', {
      namespace,
      domain: config.domain,
      certificateSecret: sync('gateway-tls', 'kubernetes.io/tls'),
      replicas: config.proxy.replicas,
      resources: config.proxy.resources,
      allowedSourceCidrs: config.allowedSourceCidrs,
      loadBalancerScheme: config.loadBalancerScheme,
      clientIdleTimeout: config.timeouts.clientIdle,
      requestHeadersTimeout: config.timeouts.requestHeaders,
    });
    new ProxyScrape(this, 'proxy-scrape', { gateway: { name: gateway.name, namespace } });

    const routes = (Object.entries(UI_BACKENDS) as [GatewayUi, UiBackend][]).map(
      ([ui, backend]) =>
        new UiRoute(this, `route-${ui}`, {
          name: ui,
          gateway: { name: gateway.name, namespace, listener: HTTPS_LISTENER },
          hostname: uiHostname(config, ui),
          service: { name: backend.endpoint.service, namespace: backend.endpoint.namespace, port: backend.endpoint.port },
          ...(backend.tls ? { backendTls: backend.tls } : {}),
        }).route.name,
    );

    const auth: OidcAuth | BasicAuth =
      config.auth.mode === 'oidc'
        ? {
            mode: 'oidc',
            issuer: config.auth.issuer,
            clientId: config.auth.clientId,
            clientSecret: sync('gateway-oidc'),
            scopes: config.auth.scopes,
            cookieDomain: config.domain,
          }
        : { mode: 'basic', htpasswdSecret: sync('gateway-basic-auth') };
    new GatewayAuth(this, 'auth', { namespace, routes, auth });

    new GatewayTrafficPolicy(this, 'traffic', {
      namespace,
      routes,
      requestsPerClient: config.rateLimit.requestsPerClient,
      unit: config.rateLimit.unit,
      requestTimeout: config.timeouts.request,
      connectTimeout: config.timeouts.connect,
    });
  }
}

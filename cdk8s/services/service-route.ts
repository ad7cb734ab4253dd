import { Construct } from 'constructs';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';
import type { HttpRoute } from '../../imports/gateway.networking.k8s.io.js';
import { backendRoute, type GatewayListenerRef } from '../gateway/backend-route.js';
import { GatewayAuth, type BasicAuth, type OidcAuth } from '../gateway/gateway-auth.js';
import { GatewayTrafficPolicy } from '../gateway/gateway-traffic-policy.js';

export interface ServiceRouteProps {
  /** Name of the HTTPRoute and its policies (in the Gateway's namespace); usually `service-<name>`. */
  readonly name: string;
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayListenerRef;
  /** Host name, one label under the gateway domain. */
  readonly hostname: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
  /** The service's Service on the routed port. */
  readonly backend: ServiceEndpoint;
  /** Sign-in required before a request reaches the backend. @default - public (no SecurityPolicy) */
  readonly auth?: OidcAuth | BasicAuth;
  /** Per-client rate limit and backend timeouts. */
  readonly traffic: {
    readonly requestsPerClient: number;
    readonly unit: 'Second' | 'Minute' | 'Hour';
    readonly requestTimeout: string;
    readonly connectTimeout: string;
  };
}

/**
 * Publishes a catalog service through the platform Gateway: an HTTPRoute in the Gateway's namespace (the only one
 * its listeners accept), a ReferenceGrant in the service's namespace for exactly that Service, a SecurityPolicy when
 * sign-in is required and a BackendTrafficPolicy with the route's rate limit. The service's own NetworkPolicy admits
 * the gateway proxies on the routed port.
 */
export class ServiceRoute extends Construct {
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: ServiceRouteProps) {
    super(scope, id);
    const { gateway, backend } = props;
    this.route = backendRoute(this, {
      name: props.name,
      gateway,
      hostname: props.hostname,
      path: props.path,
      backend: { name: backend.service, namespace: backend.namespace, port: backend.port },
    });
    if (props.auth) {
      new GatewayAuth(this, 'Auth', { namespace: gateway.namespace, routes: [props.name], auth: props.auth, name: `${props.name}-sign-in` });
    }
    new GatewayTrafficPolicy(this, 'Traffic', {
      namespace: gateway.namespace,
      routes: [props.name],
      name: `${props.name}-rate-limit`,
      ...props.traffic,
    });
  }
}

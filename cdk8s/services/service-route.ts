import { Construct } from 'constructs';
import type { ServiceEndpoint } from '../../contracts/endpoints.js';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType, ReferenceGrant } from '../../imports/gateway.networking.k8s.io.js';
import { GatewayAuth, type BasicAuth, type OidcAuth } from '../gateway/gateway-auth.js';
import { GatewayTrafficPolicy } from '../gateway/gateway-traffic-policy.js';

export interface ServiceRouteProps {
  /** Name of the HTTPRoute and its policies (in the Gateway's namespace); usually `service-<name>`. */
  readonly name: string;
  /** The Gateway the route attaches to. */
  readonly gateway: { readonly name: string; readonly namespace: string; readonly listener: string };
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
    this.route = new HttpRoute(this, 'Resource', {
      metadata: { name: props.name, namespace: gateway.namespace },
      spec: {
        parentRefs: [{ name: gateway.name, sectionName: gateway.listener }],
        hostnames: [props.hostname],
        rules: [
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: props.path ?? '/' } }],
            backendRefs: [{ name: backend.service, namespace: backend.namespace, port: backend.port }],
          },
        ],
      },
    });
    new ReferenceGrant(this, 'Grant', {
      metadata: { name: `gateway-${props.name}`, namespace: backend.namespace },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: gateway.namespace }],
        to: [{ group: '', kind: 'Service', name: backend.service }],
      },
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

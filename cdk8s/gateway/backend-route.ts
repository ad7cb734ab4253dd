import type { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType, ReferenceGrant } from '../../imports/gateway.networking.k8s.io.js';

/** The Gateway a route attaches to: its name, namespace and listener. */
export interface GatewayListenerRef {
  readonly name: string;
  readonly namespace: string;
  readonly listener: string;
}

export interface BackendRouteProps {
  /** Name of the HTTPRoute (and, prefixed with `gateway-`, of the ReferenceGrant). */
  readonly name: string;
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayListenerRef;
  /** Host name the route serves. */
  readonly hostname: string;
  /** Path prefix. @default '/' */
  readonly path?: string;
  /** The Service behind the route, on the routed port. */
  readonly backend: { readonly name: string; readonly namespace: string; readonly port: number };
}

/**
 * An HTTPRoute in the Gateway's namespace (the only namespace whose routes its listeners accept) to one Service, and,
 * when the Service lives in another namespace, a ReferenceGrant there that lets exactly that route namespace reference
 * exactly that Service. Both are created in `scope` (ids `Resource` and `Grant`), for the UI and service routes alike.
 */
export function backendRoute(scope: Construct, props: BackendRouteProps): HttpRoute {
  const { gateway, backend } = props;
  const route = new HttpRoute(scope, 'Resource', {
    metadata: { name: props.name, namespace: gateway.namespace },
    spec: {
      parentRefs: [{ name: gateway.name, sectionName: gateway.listener }],
      hostnames: [props.hostname],
      rules: [
        {
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: props.path ?? '/' } }],
          backendRefs: [{ name: backend.name, namespace: backend.namespace, port: backend.port }],
        },
      ],
    },
  });
  if (backend.namespace !== gateway.namespace) {
    new ReferenceGrant(scope, 'Grant', {
      metadata: { name: `gateway-${props.name}`, namespace: backend.namespace },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: gateway.namespace }],
        to: [{ group: '', kind: 'Service', name: backend.name }],
      },
    });
  }
  return route;
}

import { Construct } from 'constructs';
import { BackendTlsPolicy, type HttpRoute } from '../../imports/gateway.networking.k8s.io.js';
import { backendRoute, type GatewayListenerRef } from './backend-route.js';

export interface UiRouteBackendTls {
  /** Secret (in the backend's namespace) whose `ca.crt` signed the backend's serving certificate. */
  readonly caSecret: string;
  /** Name the backend's certificate is issued for, e.g. `logging-kb-http.logging.svc`. */
  readonly hostname: string;
}

export interface UiRouteProps {
  /** Name of the HTTPRoute (and, prefixed with `gateway-`, of the ReferenceGrant/BackendTLSPolicy). */
  readonly name: string;
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayListenerRef;
  /** Host name the UI is served at. */
  readonly hostname: string;
  /** The UI's Service. */
  readonly service: { readonly name: string; readonly namespace: string; readonly port: number };
  /**
   * Validate the backend's TLS certificate (the proxy then speaks HTTPS to it).
   * @default - plain HTTP to the backend (traffic stays inside the cluster network)
   */
  readonly backendTls?: UiRouteBackendTls;
}

/**
 * Publishes one UI through the platform Gateway: an HTTPRoute in the Gateway's namespace (the only namespace whose
 * routes the listeners accept), a ReferenceGrant in the backend namespace allowing exactly that route's namespace
 * to reference exactly that Service, and, for TLS backends, a BackendTLSPolicy that checks the backend certificate.
 * The backend's own construct allows ingress from the gateway proxies (`GATEWAY_PROXIES`).
 */
export class UiRoute extends Construct {
  readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: UiRouteProps) {
    super(scope, id);
    const { gateway, service } = props;
    if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
      throw new Error(`ui route "${props.name}" has service port ${service.port}; give the Service's port number (1-65535)`);
    }
    this.route = backendRoute(this, { name: props.name, gateway, hostname: props.hostname, backend: service });
    if (props.backendTls) {
      new BackendTlsPolicy(this, 'BackendTls', {
        metadata: { name: `gateway-${props.name}`, namespace: service.namespace },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: service.name }],
          validation: {
            caCertificateRefs: [{ group: '', kind: 'Secret', name: props.backendTls.caSecret }],
            hostname: props.backendTls.hostname,
          },
        },
      });
    }
  }
}

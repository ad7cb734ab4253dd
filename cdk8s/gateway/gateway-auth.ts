import { Construct } from 'constructs';
import { SecurityPolicy, type SecurityPolicySpec } from '../../imports/gateway.envoyproxy.io.js';

/** Sign in through an OpenID Connect provider (authorization code flow run by Envoy). */
export interface OidcAuth {
  readonly mode: 'oidc';
  /** Issuer URL; Envoy discovers the endpoints from its `/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Secret (in the policy's namespace) with key `client-secret`. */
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  /** Domain of the session cookies, so one sign-in covers every UI under it. */
  readonly cookieDomain: string;
}

/** HTTP basic auth against an htpasswd file (SHA hashes), for environments without an identity provider. */
export interface BasicAuth {
  readonly mode: 'basic';
  /** Secret (in the policy's namespace) with key `.htpasswd`. */
  readonly htpasswdSecret: string;
}

export interface GatewayAuthProps {
  /** Namespace of the routes (a policy only targets objects in its own namespace). */
  readonly namespace: string;
  /** Names of the HTTPRoutes that require sign-in: every route with a backend. */
  readonly routes: readonly string[];
  readonly auth: OidcAuth | BasicAuth;
  /**
   * Name of the SecurityPolicy.
   * @default 'require-sign-in'
   */
  readonly name?: string;
}

/** Where Envoy ends the OIDC session; not `/logout`, which Grafana and Kibana use themselves. */
export const OIDC_LOGOUT_PATH = '/oauth2/logout';

/**
 * An Envoy Gateway SecurityPolicy that makes every listed route require authentication before any request reaches
 * the backend. Credentials are referenced by Secret name only (synced from AWS Secrets Manager).
 */
export class GatewayAuth extends Construct {
  readonly apiObject: SecurityPolicy;

  constructor(scope: Construct, id: string, props: GatewayAuthProps) {
    super(scope, id);
    if (props.routes.length === 0) throw new Error('gateway auth protects no routes; list every HTTPRoute with a backend');
    const spec: SecurityPolicySpec = {
      targetRefs: props.routes.map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name })),
      ...(props.auth.mode === 'oidc'
        ? {
            oidc: {
              provider: { issuer: props.auth.issuer },
              clientId: props.auth.clientId,
              clientSecret: { kind: 'Secret', name: props.auth.clientSecret },
              scopes: [...props.auth.scopes],
              cookieDomain: props.auth.cookieDomain,
              logoutPath: OIDC_LOGOUT_PATH,
              refreshToken: true,
            },
          }
        : { basicAuth: { users: { kind: 'Secret', name: props.auth.htpasswdSecret } } }),
    };
    this.apiObject = new SecurityPolicy(this, 'Resource', {
      metadata: { name: props.name ?? 'require-sign-in', namespace: props.namespace },
      spec,
    });
  }
}

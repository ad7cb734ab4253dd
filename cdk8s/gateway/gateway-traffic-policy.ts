import { Construct } from 'constructs';
import {
  BackendTrafficPolicy,
  BackendTrafficPolicySpecRateLimitLocalRulesClientSelectorsSourceCidrType as SourceCidrType,
  BackendTrafficPolicySpecRateLimitLocalRulesLimitUnit as LimitUnit,
  BackendTrafficPolicySpecRateLimitType,
} from '../../imports/gateway.envoyproxy.io.js';

export interface GatewayTrafficPolicyProps {
  /** Namespace of the routes. */
  readonly namespace: string;
  /** Names of the HTTPRoutes to limit: every route with a backend. */
  readonly routes: readonly string[];
  /** Requests one client address may make to one route per `unit`, per Envoy replica. */
  readonly requestsPerClient: number;
  readonly unit: 'Second' | 'Minute' | 'Hour';
  /** Whole-request timeout towards the backend (Envoy duration). */
  readonly requestTimeout: string;
  /** TCP connect timeout towards the backend (Envoy duration). */
  readonly connectTimeout: string;
  /**
   * Name of the BackendTrafficPolicy.
   * @default 'rate-limit-and-timeouts'
   */
  readonly name?: string;
}

const UNITS: Record<GatewayTrafficPolicyProps['unit'], LimitUnit> = {
  Second: LimitUnit.SECOND,
  Minute: LimitUnit.MINUTE,
  Hour: LimitUnit.HOUR,
};

/**
 * Per-client rate limits and backend timeouts on every listed route. The limit is Envoy's local rate limit with a
 * `Distinct` source-CIDR selector: one bucket per client IPv4 address per route, kept by each proxy replica (so the
 * cluster-wide ceiling is `requestsPerClient × replicas`). A global limit would need Envoy's rate limit service and
 * Redis; for UIs used by operators, the local limit bounds abuse without that extra stateful dependency.
 */
export class GatewayTrafficPolicy extends Construct {
  readonly apiObject: BackendTrafficPolicy;

  constructor(scope: Construct, id: string, props: GatewayTrafficPolicyProps) {
    super(scope, id);
    if (props.routes.length === 0) throw new Error('gateway traffic policy limits no routes; list every HTTPRoute with a backend');
    if (!Number.isInteger(props.requestsPerClient) || props.requestsPerClient < 1) {
      throw new Error(`requestsPerClient is ${props.requestsPerClient}; give a whole number of requests of at least 1`);
    }
    this.apiObject = new BackendTrafficPolicy(this, 'Resource', {
      metadata: { name: props.name ?? 'rate-limit-and-timeouts', namespace: props.namespace },
      spec: {
        targetRefs: props.routes.map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name })),
        rateLimit: {
          type: BackendTrafficPolicySpecRateLimitType.LOCAL,
          local: {
            rules: [
              {
                clientSelectors: [{ sourceCidr: { type: SourceCidrType.DISTINCT, value: '0.0.0.0/0' } }],
                limit: { requests: props.requestsPerClient, unit: UNITS[props.unit] },
              },
            ],
          },
        },
        timeout: { http: { requestTimeout: props.requestTimeout }, tcp: { connectTimeout: props.connectTimeout } },
      },
    });
  }
}

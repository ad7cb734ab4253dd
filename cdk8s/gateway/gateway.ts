import { Construct } from 'constructs';
import type { Resources } from '../../config/sections/primitives.js';
import {
  ClientTrafficPolicy,
  ClientTrafficPolicySpecTlsMinVersion,
  EnvoyProxy,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesLimits as ProxyLimit,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesRequests as ProxyRequest,
  EnvoyProxySpecProviderKubernetesEnvoyPdbMaxUnavailable,
  EnvoyProxySpecProviderKubernetesEnvoyServiceType,
  EnvoyProxySpecProviderType,
} from '../../imports/gateway.envoyproxy.io.js';
import {
  Gateway,
  GatewayClass,
  GatewaySpecListenersAllowedRoutesNamespacesFrom,
  GatewaySpecListenersTlsMode,
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
} from '../../imports/gateway.networking.k8s.io.js';
import { LB_ANNOTATIONS, type LoadBalancerScheme, nlbServiceAnnotations } from '../../contracts/aws-load-balancer-controller.js';
import { NOBODY, RESTRICTED_CONTAINER, restrictedPod } from '../lib/security.js';

/** Envoy Gateway's controller name, which a GatewayClass must name to be reconciled by it. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Listener names: routes attach to a listener by these `sectionName`s. */
export const HTTPS_LISTENER = 'https';
export const HTTP_LISTENER = 'http';

/** Name of the platform Gateway (and of its GatewayClass and EnvoyProxy). */
export const PLATFORM_GATEWAY_NAME = 'platform';

export interface PlatformGatewayProps {
  /** Namespace of the Gateway, its EnvoyProxy, routes and policies. */
  readonly namespace: string;
  /** DNS domain: the HTTPS listener serves `*.<domain>`. */
  readonly domain: string;
  /** Name of the `kubernetes.io/tls` Secret (in `namespace`) with the certificate for `*.<domain>`. */
  readonly certificateSecret: string;
  /** Envoy proxy replicas (Envoy Gateway runs them in its own namespace). */
  readonly replicas: number;
  /** CPU/memory of each Envoy container; memory is also its limit. */
  readonly resources: Resources;
  /** Client address ranges the AWS load balancer accepts. */
  readonly allowedSourceCidrs: readonly string[];
  /** Whether the AWS Network Load Balancer is reachable from the internet. */
  readonly loadBalancerScheme: LoadBalancerScheme;
  /** Idle client connection timeout (Envoy duration). */
  readonly clientIdleTimeout: string;
  /** Time a client has to send its request headers (Envoy duration). */
  readonly requestHeadersTimeout: string;
  /**
   * Name of the Gateway (and of its GatewayClass and EnvoyProxy).
   * @default 'platform'
   */
  readonly name?: string;
}

/**
 * The one entry point of the stack: a GatewayClass for Envoy Gateway, an EnvoyProxy with hardened, sized proxies
 * behind an AWS NLB, a Gateway with an HTTPS listener (TLS 1.2+) and an HTTP listener whose only route redirects to
 * HTTPS, and a ClientTrafficPolicy with client-side timeouts. Only routes in the Gateway's own namespace may attach,
 * so nothing can publish itself without a change in this namespace (see UiRoute for the cross-namespace grants).
 */
export class PlatformGateway extends Construct {
  readonly gateway: Gateway;
  readonly name: string;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: PlatformGatewayProps) {
    super(scope, id);
    if (props.replicas < 1) throw new Error(`gateway replicas is ${props.replicas}; run at least 1 Envoy proxy`);
    if (props.allowedSourceCidrs.length === 0) {
      throw new Error('gateway allowedSourceCidrs is empty; list the client ranges (0.0.0.0/0 for everyone)');
    }
    this.name = props.name ?? PLATFORM_GATEWAY_NAME;
    this.namespace = props.namespace;
    const { namespace, name } = this;

    new GatewayClass(this, 'Class', {
      metadata: { name },
      spec: { controllerName: ENVOY_GATEWAY_CONTROLLER, description: 'Envoy Gateway for the observability platform' },
    });

    new EnvoyProxy(this, 'Proxy', {
      metadata: { name, namespace },
      spec: {
        provider: {
          type: EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: {
            envoyDeployment: {
              replicas: props.replicas,
              // Envoy writes temporary files (and its admin socket) under /tmp: writable emptyDir, read-only root.
              pod: { securityContext: restrictedPod(NOBODY), volumes: [{ name: 'tmp', emptyDir: {} }] },
              container: {
                securityContext: { ...RESTRICTED_CONTAINER, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                resources: {
                  requests: { cpu: ProxyRequest.fromString(props.resources.cpu), memory: ProxyRequest.fromString(props.resources.memory) },
                  limits: { memory: ProxyLimit.fromString(props.resources.memory) },
                },
              },
            },
            // Keeps one proxy serving during node drains; with one replica it still lets the drain proceed.
            envoyPdb: { maxUnavailable: EnvoyProxySpecProviderKubernetesEnvoyPdbMaxUnavailable.fromNumber(1) },
            envoyService: {
              type: EnvoyProxySpecProviderKubernetesEnvoyServiceType.LOAD_BALANCER,
              loadBalancerSourceRanges: [...props.allowedSourceCidrs],
              annotations: {
                // The AWS Load Balancer Controller (addons stack) creates an NLB targeting the proxy pods' IPs.
                ...nlbServiceAnnotations(props.loadBalancerScheme),
                // Per-client rate limits key on the source address: the NLB must not replace it with its own.
                [LB_ANNOTATIONS.targetGroupAttributes]: 'preserve_client_ip.enabled=true',
              },
            },
          },
        },
      },
    });

    this.gateway = new Gateway(this, 'Resource', {
      metadata: { name, namespace },
      spec: {
        gatewayClassName: name,
        infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name } },
        listeners: [
          {
            name: HTTPS_LISTENER,
            protocol: 'HTTPS',
            port: 443,
            hostname: `*.${props.domain}`,
            tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ kind: 'Secret', name: props.certificateSecret }] },
            allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME }, kinds: [{ kind: 'HTTPRoute' }] },
          },
          {
            name: HTTP_LISTENER,
            protocol: 'HTTP',
            port: 80,
            hostname: `*.${props.domain}`,
            allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME }, kinds: [{ kind: 'HTTPRoute' }] },
          },
        ],
      },
    });

    new HttpRoute(this, 'Redirect', {
      metadata: { name: `${name}-https-redirect`, namespace },
      spec: {
        parentRefs: [{ name, sectionName: HTTP_LISTENER }],
        rules: [
          {
            filters: [
              {
                type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                requestRedirect: {
                  scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                  statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
                },
              },
            ],
          },
        ],
      },
    });

    new ClientTrafficPolicy(this, 'ClientPolicy', {
      metadata: { name, namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name }],
        tls: { minVersion: ClientTrafficPolicySpecTlsMinVersion.VALUE_1_2 },
        timeout: {
          http: { idleTimeout: props.clientIdleTimeout, requestHeadersReceivedTimeout: props.requestHeadersTimeout },
        },
      },
    });
  }
}

/**
 * The API gateway (Gateway API + Envoy Gateway): the only way into the stack's UIs. Hostnames, authentication,
 * per-client rate limits, timeouts and the size of the Envoy proxy fleet.
 */
import { z } from 'zod';
import { envoyDuration, ipv4Cidr, resources } from './primitives.js';

export { envoyDuration };

const dnsName = z
  .string()
  .max(253, { message: 'must be at most 253 characters (a DNS name)' })
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, {
    message: 'must be a lowercase DNS name such as obs.example.com (no wildcard, no trailing dot)',
  });

const oidc = z
  .object({
    mode: z.literal('oidc'),
    issuer: z
      .string()
      .regex(/^https:\/\/[^\s]+$/, { message: 'must be the https:// URL of the OpenID Connect issuer' })
      .describe('OpenID Connect issuer URL; its /.well-known/openid-configuration is discovered by Envoy'),
    clientId: z.string().min(1, { message: 'must be the OAuth client id registered at the issuer' }),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, { message: 'must be an OAuth scope such as openid or email' }))
      .default(['openid', 'email', 'profile'])
      .describe('scopes requested at sign-in; "openid" is always added by Envoy Gateway'),
  })
  .strict()
  .describe('sign in through an OpenID Connect provider; the client secret is the catalog secret gateway-oidc');

const basic = z
  .object({ mode: z.literal('basic') })
  .strict()
  .describe('HTTP basic auth against an htpasswd file held in the catalog secret gateway-basic-auth (tier non-production only)');

export const gateway = z
  .object({
    domain: dnsName.describe(
      'DNS domain of the UIs: each is served at <ui>.<domain> (grafana, kibana, alertmanager, prometheus); the ' +
        'certificate (catalog secret gateway-tls) must cover *.<domain>',
    ),
    loadBalancerScheme: z
      .enum(['internet-facing', 'internal'], { message: 'must be internet-facing or internal' })
      .default('internal')
      .describe('scheme of the AWS Network Load Balancer in front of the Envoy proxies'),
    allowedSourceCidrs: z
      .array(ipv4Cidr)
      .min(1, { message: 'must list at least one CIDR block (use 0.0.0.0/0 to allow everyone)' })
      .describe('client address ranges the load balancer accepts (loadBalancerSourceRanges)'),
    auth: z.discriminatedUnion('mode', [oidc, basic], { message: 'auth.mode must be "oidc" or "basic"' }),
    rateLimit: z
      .object({
        requestsPerClient: z
          .number({ message: 'must be a whole number of requests, e.g. 300' })
          .int({ message: 'must be a whole number of requests, e.g. 300' })
          .positive({ message: 'must be greater than zero' }),
        unit: z.enum(['Second', 'Minute', 'Hour'], { message: 'must be Second, Minute or Hour' }).default('Minute'),
      })
      .strict()
      .describe('requests one client IP may make to one UI per unit, counted by each Envoy replica'),
    timeouts: z
      .object({
        request: envoyDuration.default('60s').describe('whole request to a backend, including retries'),
        connect: envoyDuration.default('5s').describe('TCP connect to a backend'),
        clientIdle: envoyDuration.default('1h').describe('idle client connection before it is closed'),
        requestHeaders: envoyDuration.default('10s').describe('time a client has to send its request headers'),
      })
      .strict()
      .default({ request: '60s', connect: '5s', clientIdle: '1h', requestHeaders: '10s' }),
    proxy: z
      .object({
        replicas: z
          .number({ message: 'must be a whole number of Envoy replicas, e.g. 2' })
          .int({ message: 'must be a whole number of Envoy replicas, e.g. 2' })
          .min(1, { message: 'must be at least 1' }),
        resources,
      })
      .strict()
      .describe('the Envoy proxy Deployment that Envoy Gateway runs for the Gateway'),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gateway>;

/** The UIs published through the gateway. */
export const GATEWAY_UIS = ['grafana', 'kibana', 'alertmanager', 'prometheus'] as const;
export type GatewayUi = (typeof GATEWAY_UIS)[number];

/** Hostname of one UI, e.g. `grafana.obs.example.com`. */
export function uiHostname(config: Pick<GatewayConfig, 'domain'>, ui: GatewayUi): string {
  return `${ui}.${config.domain}`;
}

/** External URL of one UI (for Grafana's root_url, Prometheus' and Alertmanager's externalUrl, Kibana's publicBaseUrl). */
export function uiUrl(config: Pick<GatewayConfig, 'domain'>, ui: GatewayUi): string {
  return `https://${uiHostname(config, ui)}`;
}

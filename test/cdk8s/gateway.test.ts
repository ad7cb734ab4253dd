import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { GatewayChart } from '../../cdk8s/gateway/chart.js';
import { GatewayAuth } from '../../cdk8s/gateway/gateway-auth.js';
import { GatewayTrafficPolicy } from '../../cdk8s/gateway/gateway-traffic-policy.js';
import { PlatformGateway } from '../../cdk8s/gateway/gateway.js';
import { UiRoute } from '../../cdk8s/gateway/ui-route.js';
import type { Environment } from '../../config/derive.js';
import { ENVIRONMENTS } from '../support/envs.js';

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, never>;
}

const synth = (env: Environment): K8sObject[] => Testing.synth(new GatewayChart(Testing.app(), 'gateway', { env })) as K8sObject[];
const find = (objects: K8sObject[], kind: string, name?: string) => objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('gateway chart (%s)', (_name, env) => {
  const objects = synth(env);

  it('runs one Gateway "platform" in namespace gateway on Envoy Gateway, with the proxies sized from config', () => {
    const [gateway] = find(objects, 'Gateway');
    expect(gateway?.metadata).toMatchObject({ name: 'platform', namespace: 'gateway' });
    expect(find(objects, 'GatewayClass')[0]?.spec).toMatchObject({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
    const proxy = find(objects, 'EnvoyProxy')[0]?.spec as unknown as { provider: { kubernetes: Record<string, Record<string, unknown>> } };
    expect(proxy.provider.kubernetes.envoyDeployment).toMatchObject({
      replicas: env.gateway.proxy.replicas,
      container: { resources: { requests: env.gateway.proxy.resources, limits: { memory: env.gateway.proxy.resources.memory } } },
    });
    expect(proxy.provider.kubernetes.envoyPDB).toEqual({ maxUnavailable: 1 });
    expect(proxy.provider.kubernetes.envoyService).toMatchObject({ loadBalancerSourceRanges: env.gateway.allowedSourceCidrs });
  });

  it('serves HTTPS with the synced certificate and uses HTTP only to redirect to HTTPS', () => {
    const listeners = (find(objects, 'Gateway')[0]?.spec as unknown as { listeners: Record<string, unknown>[] }).listeners;
    expect(listeners.map((l) => [l.name, l.protocol, l.port, l.hostname])).toEqual([
      ['https', 'HTTPS', 443, `*.${env.gateway.domain}`],
      ['http', 'HTTP', 80, `*.${env.gateway.domain}`],
    ]);
    expect(listeners[0]).toMatchObject({ tls: { certificateRefs: [{ kind: 'Secret', name: 'gateway-tls' }] } });
    expect(find(objects, 'ExternalSecret', 'gateway-tls')[0]?.spec).toMatchObject({ target: { template: { type: 'kubernetes.io/tls' } } });
    const redirect = find(objects, 'HTTPRoute', 'platform-https-redirect')[0]?.spec;
    expect(redirect).toEqual({
      parentRefs: [{ name: 'platform', sectionName: 'http' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
  });

  it('publishes Grafana, Kibana, Alertmanager and Prometheus, each at <ui>.<domain>, granted by its backend namespace', () => {
    const routes = find(objects, 'HTTPRoute').filter((r) => r.metadata.name !== 'platform-https-redirect');
    expect(routes.map((r) => [r.metadata.name, (r.spec as unknown as { hostnames: string[] }).hostnames[0]])).toEqual([
      ['grafana', `grafana.${env.gateway.domain}`],
      ['prometheus', `prometheus.${env.gateway.domain}`],
      ['alertmanager', `alertmanager.${env.gateway.domain}`],
      ['kibana', `kibana.${env.gateway.domain}`],
    ]);
    expect(find(objects, 'ReferenceGrant').map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual([
      'monitoring/gateway-grafana',
      'monitoring/gateway-prometheus',
      'monitoring/gateway-alertmanager',
      'logging/gateway-kibana',
    ]);
    expect(find(objects, 'BackendTLSPolicy')[0]).toMatchObject({
      metadata: { namespace: 'logging' },
      spec: {
        targetRefs: [{ kind: 'Service', name: 'logging-kb-http' }],
        validation: { caCertificateRefs: [{ kind: 'Secret', name: 'logging-kb-http-certs-public' }], hostname: 'logging-kb-http.logging.svc' },
      },
    });
  });

  it('requires sign-in and applies the per-client rate limit and timeouts on every UI route', () => {
    const uiRoutes = ['grafana', 'prometheus', 'alertmanager', 'kibana'].map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name }));
    const [auth] = find(objects, 'SecurityPolicy');
    expect(auth?.spec).toMatchObject({ targetRefs: uiRoutes });
    const [traffic] = find(objects, 'BackendTrafficPolicy');
    expect(traffic?.spec).toEqual({
      targetRefs: uiRoutes,
      rateLimit: {
        type: 'Local',
        local: {
          rules: [
            {
              clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }],
              limit: { requests: env.gateway.rateLimit.requestsPerClient, unit: env.gateway.rateLimit.unit },
            },
          ],
        },
      },
      timeout: { http: { requestTimeout: env.gateway.timeouts.request }, tcp: { connectTimeout: env.gateway.timeouts.connect } },
    });
  });

  it('syncs the credential of the configured sign-in mode from AWS Secrets Manager', () => {
    const [auth] = find(objects, 'SecurityPolicy');
    if (env.gateway.auth.mode === 'oidc') {
      expect(auth?.spec).toMatchObject({
        oidc: {
          provider: { issuer: env.gateway.auth.issuer },
          clientID: env.gateway.auth.clientId,
          clientSecret: { kind: 'Secret', name: 'gateway-oidc' },
          cookieDomain: env.gateway.domain,
          logoutPath: '/oauth2/logout',
        },
      });
      expect(find(objects, 'ExternalSecret').map((e) => e.metadata.name)).toEqual(['gateway-tls', 'gateway-oidc']);
    } else {
      expect(auth?.spec).toMatchObject({ basicAuth: { users: { kind: 'Secret', name: 'gateway-basic-auth' } } });
      expect(find(objects, 'ExternalSecret').map((e) => e.metadata.name)).toEqual(['gateway-tls', 'gateway-basic-auth']);
    }
  });
});

describe('gateway constructs', () => {
  const gatewayProps = {
    namespace: 'gateway',
    domain: 'example.com',
    certificateSecret: 'tls',
    replicas: 1,
    resources: { cpu: '100m', memory: '128Mi' },
    allowedSourceCidrs: ['10.0.0.0/8'],
    loadBalancerScheme: 'internal' as const,
    clientIdleTimeout: '1h',
    requestHeadersTimeout: '10s',
  };

  it('names the Gateway, its class and proxy config "platform" by default', () => {
    const chart = Testing.chart();
    new PlatformGateway(chart, 'gw', gatewayProps);
    const names = Testing.synth(chart).filter((o) => ['Gateway', 'GatewayClass', 'EnvoyProxy', 'ClientTrafficPolicy'].includes(o.kind));
    expect(names.map((o) => o.metadata.name)).toEqual(['platform', 'platform', 'platform', 'platform']);
  });

  it('throws if the gateway has no proxies or no allowed source ranges', () => {
    expect(() => new PlatformGateway(Testing.chart(), 'gw', { ...gatewayProps, replicas: 0 })).toThrow(/gateway replicas is 0/);
    expect(() => new PlatformGateway(Testing.chart(), 'gw', { ...gatewayProps, allowedSourceCidrs: [] })).toThrow(/allowedSourceCidrs is empty/);
  });

  it('adds no ReferenceGrant or BackendTLSPolicy for a plain backend in the gateway namespace', () => {
    const chart = Testing.chart();
    new UiRoute(chart, 'r', {
      name: 'ui',
      gateway: { name: 'platform', namespace: 'gateway', listener: 'https' },
      hostname: 'ui.example.com',
      service: { name: 'ui', namespace: 'gateway', port: 80 },
    });
    expect(Testing.synth(chart).map((o) => o.kind)).toEqual(['HTTPRoute']);
  });

  it('throws if a route port is not a port number', () => {
    const props = { name: 'ui', gateway: { name: 'p', namespace: 'gateway', listener: 'https' }, hostname: 'ui.example.com' };
    expect(() => new UiRoute(Testing.chart(), 'r', { ...props, service: { name: 'ui', namespace: 'x', port: 0 } })).toThrow(
      /ui route "ui" has service port 0/,
    );
  });

  it('throws if a policy targets no route, or the rate limit is not a positive whole number', () => {
    expect(() => new GatewayAuth(Testing.chart(), 'a', { namespace: 'g', routes: [], auth: { mode: 'basic', htpasswdSecret: 'h' } })).toThrow(
      /gateway auth protects no routes/,
    );
    const traffic = { namespace: 'g', routes: ['ui'], requestsPerClient: 10, unit: 'Minute' as const, requestTimeout: '60s', connectTimeout: '5s' };
    expect(() => new GatewayTrafficPolicy(Testing.chart(), 't', { ...traffic, routes: [] })).toThrow(/limits no routes/);
    expect(() => new GatewayTrafficPolicy(Testing.chart(), 't', { ...traffic, requestsPerClient: 0 })).toThrow(/requestsPerClient is 0/);
  });

  it('names the policies require-sign-in and rate-limit-and-timeouts by default', () => {
    const chart = Testing.chart();
    new GatewayAuth(chart, 'a', { namespace: 'g', routes: ['ui'], auth: { mode: 'basic', htpasswdSecret: 'h' } });
    new GatewayTrafficPolicy(chart, 't', { namespace: 'g', routes: ['ui'], requestsPerClient: 1, unit: 'Second', requestTimeout: '1s', connectTimeout: '1s' });
    expect(Testing.synth(chart).map((o) => o.metadata.name)).toEqual(['require-sign-in', 'rate-limit-and-timeouts']);
  });
});

import { describe, expect, it } from 'vitest';
import { ENDPOINTS, NAMESPACES, serviceEndpoint, STACK_OPERATORS } from '../../contracts/index.js';

describe('serviceEndpoint', () => {
  it('builds the in-cluster host and URL from service, namespace, port and scheme', () => {
    const e = serviceEndpoint({ service: 'api', namespace: 'shop', port: 8443, scheme: 'https', pods: { app: 'api' } });
    expect(e.host).toBe('api.shop.svc');
    expect(e.url()).toBe('https://api.shop.svc:8443');
    expect(e.peer).toEqual({ namespace: 'shop', pods: { app: 'api' } });
  });

  it('defaults to plain http', () => {
    expect(serviceEndpoint({ service: 'api', namespace: 'shop', port: 80, pods: { app: 'api' } }).url()).toBe('http://api.shop.svc:80');
  });

  it.each([0, 70000, 80.5])('throws if the port is %s, naming the service', (port) => {
    expect(() => serviceEndpoint({ service: 'api', namespace: 'shop', port, pods: {} })).toThrow(`service shop/api: port ${port} is not a TCP port; use 1-65535`);
  });
});

describe('platform endpoints', () => {
  it('put the metrics UIs in monitoring and the Elastic stack in logging, over TLS', () => {
    for (const name of ['prometheus', 'alertmanager', 'grafana'] as const) {
      expect(ENDPOINTS[name].namespace).toBe(NAMESPACES.monitoring.name);
      expect(ENDPOINTS[name].scheme).toBe('http');
    }
    for (const name of ['elasticsearch', 'kibana'] as const) {
      expect(ENDPOINTS[name].namespace).toBe(NAMESPACES.logging.name);
      expect(ENDPOINTS[name].scheme).toBe('https');
    }
    expect(ENDPOINTS.elasticsearch.url()).toBe('https://logging-es-http.logging.svc:9200');
  });

  it('select pods with a non-empty label set (an empty one would open a NetworkPolicy to every pod)', () => {
    for (const e of Object.values(ENDPOINTS)) expect(Object.keys(e.peer.pods).length, e.service).toBeGreaterThan(0);
    for (const op of STACK_OPERATORS) expect(Object.keys(op.pods).length, op.name).toBeGreaterThan(0);
  });
});

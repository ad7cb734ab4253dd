/** The gateway section of the environment config: defaults, and what a wrong value says. */
import { describe, expect, it } from 'vitest';
import { gateway, uiHostname, uiUrl } from '../../config/sections/gateway.js';

const valid = {
  domain: 'obs.example.com',
  allowedSourceCidrs: ['10.0.0.0/8'],
  auth: { mode: 'oidc', issuer: 'https://id.example.com', clientId: 'obs' },
  rateLimit: { requestsPerClient: 300 },
  proxy: { replicas: 2, resources: { cpu: '100m', memory: '256Mi' } },
};

const messageFor = (input: unknown): string => {
  const result = gateway.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
};

describe('gateway config', () => {
  it('applies the documented defaults', () => {
    const parsed = gateway.parse(valid);
    expect(parsed.loadBalancerScheme).toBe('internal');
    expect(parsed.rateLimit.unit).toBe('Minute');
    expect(parsed.timeouts).toEqual({ request: '60s', connect: '5s', clientIdle: '1h', requestHeaders: '10s' });
    expect(parsed.auth).toEqual({ mode: 'oidc', issuer: 'https://id.example.com', clientId: 'obs', scopes: ['openid', 'email', 'profile'] });
  });

  it('accepts basic auth', () => {
    expect(gateway.parse({ ...valid, auth: { mode: 'basic' } }).auth).toEqual({ mode: 'basic' });
  });

  it.each([
    ['a wildcard domain', { domain: '*.example.com' }, /domain: must be a lowercase DNS name/],
    ['an unknown auth mode', { auth: { mode: 'ldap' } }, /auth.mode must be "oidc" or "basic"/],
    ['an http issuer', { auth: { ...valid.auth, issuer: 'http://id' } }, /auth.issuer: must be the https:\/\/ URL/],
    ['a client secret in config', { auth: { ...valid.auth, clientSecret: 'x' } }, /auth: Unrecognized key.*clientSecret/],
    ['a fractional rate limit', { rateLimit: { requestsPerClient: 1.5 } }, /rateLimit.requestsPerClient: must be a whole number/],
    ['a daily rate-limit unit', { rateLimit: { requestsPerClient: 5, unit: 'Day' } }, /rateLimit.unit: must be Second, Minute or Hour/],
    ['a timeout in days', { timeouts: { request: '1d' } }, /timeouts.request: must be an Envoy duration/],
    ['no source ranges', { allowedSourceCidrs: [] }, /allowedSourceCidrs: must list at least one CIDR/],
    ['zero proxies', { proxy: { replicas: 0, resources: valid.proxy.resources } }, /proxy.replicas: must be at least 1/],
    ['an unknown key', { tls: {} }, /Unrecognized key.*tls/],
  ])('rejects %s with a message saying what is valid', (_name, change, message) => {
    expect(messageFor({ ...valid, ...change })).toMatch(message);
  });

  it('derives one hostname and URL per UI under the domain', () => {
    expect(uiHostname({ domain: 'obs.example.com' }, 'grafana')).toBe('grafana.obs.example.com');
    expect(uiUrl({ domain: 'obs.example.com' }, 'kibana')).toBe('https://kibana.obs.example.com');
  });
});

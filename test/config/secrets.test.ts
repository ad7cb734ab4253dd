import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../config/derive.js';
import { awsSecretName, platformSecret, platformSecrets } from '../../config/secrets.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('the secret catalog (%s)', (_name, env) => {
  const secrets = platformSecrets(env);

  it('lists every credential once', () => {
    expect(new Set(secrets.map((s) => s.id)).size).toBe(secrets.length);
  });

  it('only syncs into the stack\'s own namespaces, with at least one key each', () => {
    const stack: string[] = Object.values(NAMESPACES).map((n) => n.name);
    for (const s of secrets) {
      expect(s.keys.length).toBeGreaterThan(0);
      for (const ns of s.namespaces) expect(stack).toContain(ns);
    }
  });

  it('names AWS secrets after the environment', () => {
    expect(awsSecretName(env, { id: 'grafana-admin' })).toBe(`obs-${env.name}/grafana-admin`);
  });
});

describe('platformSecret', () => {
  it('finds an entry by id', () => {
    expect(platformSecret(environment('dev'), 'grafana-admin').keys).toEqual(['admin-user', 'admin-password']);
  });

  it('throws if the id is not in the catalog, saying where to add it', () => {
    expect(() => platformSecret(environment('dev'), 'nope')).toThrow(/secret "nope" is not in the catalog; add it to platformSecrets in config\/secrets\.ts/);
  });
});

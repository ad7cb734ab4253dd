import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../config/derive.js';
import { applicationSecrets, awsSecretName, PLATFORM_SECRET_IDS, platformSecret, platformSecrets } from '../../config/secrets.js';
import { ENVIRONMENTS, environment } from '../support/envs.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('the secret catalog (%s)', (_name, env) => {
  const secrets = platformSecrets(env);

  it('lists every credential once', () => {
    expect(new Set(secrets.map((s) => s.id)).size).toBe(secrets.length);
  });

  it('syncs platform credentials only into the stack\'s own namespaces, with at least one key each', () => {
    const stack: string[] = Object.values(NAMESPACES).map((n) => n.name);
    for (const s of secrets.filter((x) => PLATFORM_SECRET_IDS.includes(x.id))) {
      expect(s.keys.length).toBeGreaterThan(0);
      for (const ns of s.namespaces) expect(stack).toContain(ns);
    }
  });

  it('lists every platform credential under PLATFORM_SECRET_IDS and every other entry under the top-level secrets', () => {
    const app = applicationSecrets(env).map((s) => s.id);
    expect(secrets.map((s) => s.id).filter((id) => !app.includes(id)).every((id) => PLATFORM_SECRET_IDS.includes(id))).toBe(true);
    expect(app).toEqual(env.secrets.map((s) => s.name));
  });

  it('syncs an application secret into the namespaces of exactly the deployed services that read it', () => {
    for (const s of applicationSecrets(env)) {
      const readers = env.services.filter((svc) => svc.deploy && svc.secrets.includes(s.id)).map((svc) => svc.namespace);
      expect(s.namespaces).toEqual([...new Set(readers)].sort());
      expect(s.namespaces.some((ns) => Object.values(NAMESPACES).some((n) => n.name === ns))).toBe(false);
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

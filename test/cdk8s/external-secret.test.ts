import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { SyncedSecret } from '../../cdk8s/lib/external-secret.js';
import type { PlatformSecret } from '../../config/secrets.js';
import { environment } from '../support/envs.js';

const secret: PlatformSecret = { id: 'db', description: 'd', namespaces: ['logging'], keys: ['username', 'password'] };
const build = (template?: ConstructorParameters<typeof SyncedSecret>[2]['template']) => {
  const chart = Testing.chart();
  new SyncedSecret(chart, 's', { env: environment('dev'), secret, namespace: 'logging', template });
  return Testing.synth(chart)[0] as { spec: { target: Record<string, unknown> } };
};

describe('SyncedSecret', () => {
  it('writes a plain Opaque target without a template by default', () => {
    expect(build().spec.target).toEqual({ name: 'db', creationPolicy: 'Owner' });
  });

  it('sets the Secret type and merges constant keys when a template is given', () => {
    expect(build({ type: 'kubernetes.io/basic-auth', constantData: { roles: 'reader' } }).spec.target.template).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Merge',
      type: 'kubernetes.io/basic-auth',
      data: { roles: 'reader' },
    });
  });

  it('throws if a constant key collides with a synced key', () => {
    expect(() => build({ constantData: { password: 'x' } })).toThrow(/constantData key "password" is also synced/);
  });
});

import { describe, expect, it } from 'vitest';
import { SECRET_RECOVERY_WINDOW_DAYS } from '../../cdktf/stacks/secrets.js';
import { STACK_ORDER } from '../../cdktf/stacks/index.js';
import { awsSecretName, platformSecrets } from '../../config/secrets.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { resources, synthEnvironment } from './support.js';

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('secrets stack (%s)', (_name, env) => {
  const synthesized = synthEnvironment(env);
  const json = synthesized.json.secrets;
  const secrets = Object.values(resources(json, 'aws_secretsmanager_secret'));

  it('creates exactly one secret per catalog entry, named <resourcePrefix>/<id>', () => {
    const catalog = platformSecrets(env);
    expect(catalog.length).toBeGreaterThan(0);
    expect(secrets.map((s) => s.name).sort()).toEqual(catalog.map((s) => awsSecretName(env, s)).sort());
    for (const entry of catalog) {
      const secret = secrets.find((s) => s.name === awsSecretName(env, entry));
      expect(secret?.description).toContain(entry.description);
      expect(secret?.recovery_window_in_days).toBe(SECRET_RECOVERY_WINDOW_DAYS);
    }
  });

  it('encrypts every secret with one rotating customer-managed KMS key', () => {
    const keys = resources(json, 'aws_kms_key');
    expect(Object.values(keys).map((k) => k.enable_key_rotation)).toEqual([true]);
    // RotatingKey's documented default deletion window.
    expect(Object.values(keys).map((k) => k.deletion_window_in_days)).toEqual([30]);
    expect(Object.values(resources(json, 'aws_kms_alias')).map((a) => a.name)).toEqual([`alias/${env.resourcePrefix}/secrets`]);
    const keyArn = `\${aws_kms_key.${Object.keys(keys)[0]}.arn}`;
    for (const secret of secrets) expect(secret.kms_key_id).toBe(keyArn);
  });

  it('never puts a secret value into Terraform (no secret_string, no secret versions) in any stack', () => {
    for (const name of STACK_ORDER) {
      expect(synthesized.text[name]).not.toMatch(/secret_string|secret_binary/);
      expect(synthesized.json[name].resource?.aws_secretsmanager_secret_version).toBeUndefined();
    }
  });
});

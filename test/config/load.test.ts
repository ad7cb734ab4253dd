import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatPath, parseEnvironment } from '../../config/load.js';
import { parseDurationSeconds } from '../../config/sections/primitives.js';
import { environmentJsonSchema } from '../../scripts/lib/json-schema.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { ENVIRONMENTS_DIR, REPO_ROOT } from '../support/repo.js';

describe('shipped environments', () => {
  it('are named after their files and include the three reference environments', () => {
    for (const env of ENVIRONMENTS) expect(readFileSync(join(ENVIRONMENTS_DIR, `${env.name}.yaml`), 'utf8')).toMatch(new RegExp(`^name: ${env.name}$`, 'm'));
    expect(ENVIRONMENTS.map((e) => e.name)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
  });

  it('keep more metrics history the closer they are to production', () => {
    const days = (name: string) => parseDurationSeconds(ENVIRONMENTS.find((e) => e.name === name)?.metrics.retention ?? '') ?? 0;
    expect(days('dev')).toBeLessThan(days('staging'));
    expect(days('staging')).toBeLessThan(days('prod'));
  });

  it('derive names and tags once', () => {
    const prod = ENVIRONMENTS.find((e) => e.name === 'prod');
    expect(prod?.clusterName).toBe('obs-prod');
    expect(prod?.awsTags).toMatchObject({ Environment: 'prod', CostCentre: 'cc-platform-prod' });
  });

  it('each reference the generated JSON Schema and validate against it', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(environmentJsonSchema()) as object);
    for (const env of ['dev', 'staging', 'prod']) {
      const text = readFileSync(join(ENVIRONMENTS_DIR, `${env}.yaml`), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../environment.schema.json');
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});

describe('the editor JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` if this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, 'config', 'environment.schema.json'), 'utf8')).toBe(environmentJsonSchema());
  });

  it('rejects unknown keys like the loader does', () => {
    const schema = JSON.parse(environmentJsonSchema()) as { additionalProperties: unknown };
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['15d', 15 * 86400],
    ['2w', 14 * 86400],
    ['500ms', 0.5],
  ])('parses %s', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each(['', '15', '-5d', '15 days', '1m1h', '1.5h'])('rejects %j', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });
});

describe('formatPath', () => {
  it('writes array indexes in brackets', () => {
    expect(formatPath(['services', 2, 'slo', 'availability'])).toBe('services[2].slo.availability');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('parseEnvironment', () => {
  it('throws a ConfigError listing every problem of the file', () => {
    try {
      parseEnvironment('x/dev.yaml', 'name: dev\nmetrics: { retention: 1y }\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const paths = (error as ConfigError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['aws', 'tags', 'terraformState', 'network']));
    }
  });
});

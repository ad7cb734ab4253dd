/**
 * .devcontainer/devcontainer.json (JSON with comments, parsed with TypeScript's own JSONC reader): it builds the CI
 * toolbox image from ci/toolbox/Dockerfile, installs the dependencies after creation and forwards the sample
 * service's ports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sampleService } from '../../scripts/lib/local/sample-service.js';
import { environment } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';

const FILE = join(REPO_ROOT, '.devcontainer', 'devcontainer.json');

interface DevContainer {
  name?: string;
  build?: { dockerfile?: string; context?: string };
  image?: string;
  remoteUser?: string;
  postCreateCommand?: string;
  forwardPorts?: number[];
}

function load(): DevContainer {
  const { config, error } = ts.parseConfigFileTextToJson(FILE, readFileSync(FILE, 'utf8'));
  if (error) throw new Error(`${FILE}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config as DevContainer;
}

describe('the dev container', () => {
  const dc = load();

  it('parses as JSONC, and the parser rejects broken JSONC', () => {
    expect(dc.name).toBe('observability-platform');
    const broken = ts.parseConfigFileTextToJson('x.json', '{ "a": [1, }');
    expect(broken.error).toBeDefined();
  });

  it('builds the CI toolbox image from ci/toolbox/Dockerfile, as its unprivileged user', () => {
    const base = dirname(FILE);
    expect(dc.image).toBeUndefined();
    expect(resolve(base, dc.build?.dockerfile ?? '')).toBe(join(REPO_ROOT, 'ci', 'toolbox', 'Dockerfile'));
    expect(resolve(base, dc.build?.context ?? '')).toBe(join(REPO_ROOT, 'ci', 'toolbox'));
    expect(existsSync(resolve(base, dc.build?.dockerfile ?? ''))).toBe(true);
    const dockerfile = readFileSync(join(REPO_ROOT, 'ci', 'toolbox', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^USER ${dc.remoteUser ?? '(missing)'}$`, 'm'));
  });

  it('runs npm ci after creation and forwards the sample service ports', () => {
    expect(dc.postCreateCommand).toMatch(/^npm ci\b/);
    const svc = sampleService(environment('dev'));
    expect(dc.forwardPorts).toEqual([svc.http.port, svc.metrics.port]);
  });
});

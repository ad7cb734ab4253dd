/**
 * One Node.js version for the whole platform: NODE_VERSION of config/images.ts. Every image, pipeline setting and
 * default that names a Node version is read here with the parser of its format and compared with it, and no other
 * text of the repository names another `node:<x.y.z>` image.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IMAGES, imageRef, NODE_VERSION } from '../../config/images.js';
import { REPO_ROOT } from '../support/repo.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const froms = (file: string) => DockerfileParser.parse(read(file)).getFROMs().map((f) => f.getImage() ?? '');
const componentSpec = (file: string) => parse(read(file).split(/^---$/m)[0] ?? '') as { spec: { inputs: Record<string, { default?: unknown }> } };

/** Where each file pins Node, as that file's parser reads it. */
const PINS: readonly { readonly file: string; readonly pinned: () => readonly string[]; readonly expected: string }[] = [
  { file: 'config/images.ts', pinned: () => [IMAGES.nodeRuntime.tag], expected: `${NODE_VERSION}-trixie-slim` },
  { file: 'examples/sample-service/Dockerfile', pinned: () => [...new Set(froms('examples/sample-service/Dockerfile'))], expected: imageRef('nodeRuntime') },
  { file: 'ci/toolbox/Dockerfile', pinned: () => [...new Set(froms('ci/toolbox/Dockerfile').map((f) => f.split('@')[0] ?? ''))], expected: `node:${NODE_VERSION}-bookworm-slim` },
  { file: '.gitlab-ci.yml', pinned: () => [String((parse(read('.gitlab-ci.yml')) as { variables: Record<string, unknown> }).variables.NODE_IMAGE)], expected: `node:${NODE_VERSION}-bookworm` },
  { file: '.github/workflows/ci.yml', pinned: () => [String((parse(read('.github/workflows/ci.yml')) as { env: Record<string, unknown> }).env.NODE_VERSION)], expected: NODE_VERSION },
  {
    file: '.github/workflows/service-pipeline.yml',
    pinned: () => [String((parse(read('.github/workflows/service-pipeline.yml')) as { on: { workflow_call: { inputs: Record<string, { default?: unknown }> } } }).on.workflow_call.inputs['node-version']?.default)],
    expected: NODE_VERSION,
  },
  { file: 'templates/service-pipeline.yml', pinned: () => [String(componentSpec('templates/service-pipeline.yml').spec.inputs['node-image']?.default)], expected: `node:${NODE_VERSION}-bookworm` },
];

function textFiles(dir = REPO_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '.git', '.tools', '.crds', 'charts-out', 'cdktf.out', 'imports', 'package-lock.json'].includes(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return textFiles(path);
    return /\.(ts|ya?ml|json|md|sh)$|Dockerfile$/.test(e.name) ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('the Node.js version (config/images.ts NODE_VERSION)', () => {
  it('is a Node.js 24 LTS release, x.y.z', () => {
    expect(NODE_VERSION).toMatch(/^24\.\d+\.\d+$/);
  });

  it.each(PINS.map((p) => [p.file, p] as const))('%s uses it', (_file, pin) => {
    expect(pin.pinned()).toEqual([pin.expected]);
  });

  it('is the only node:<x.y.z> image anywhere in the repository\'s files, docs included', () => {
    const others = textFiles().filter((f) => f !== 'test/ci/node-version.test.ts').flatMap((file) =>
      [...read(file).matchAll(/\bnode:(\d+\.\d+\.\d+)\b/g)].filter((m) => m[1] !== NODE_VERSION).map((m) => `${file}: ${m[0]}`),
    );
    // The Dockerfile lint's own test feeds it a deliberately old, digest-less base.
    expect([...new Set(others)]).toEqual(['test/ci/toolbox.test.ts: node:20.18.1']);
  });
});

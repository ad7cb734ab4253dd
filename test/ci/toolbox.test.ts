import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_VERSION } from '../../config/images.js';
import { KUBERNETES_VERSIONS } from '../../config/sections/cluster.js';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { lintDockerfile, TOOL_VERSION_ARGS } from '../../ci/dockerfile-lint.js';
import { REPO_ROOT } from '../support/repo.js';

const DOCKERFILE = readFileSync(join(REPO_ROOT, 'ci', 'toolbox', 'Dockerfile'), 'utf8');
/** The toolbox's base as the Dockerfile pins it (its first FROM); the test below checks it against NODE_VERSION. */
const BASE = DockerfileParser.parse(DOCKERFILE).getFROMs()[0]?.getImage() ?? '';

const minimal = (lines: string[]) =>
  [`FROM ${BASE}`, ...TOOL_VERSION_ARGS.map((a) => `ARG ${a}=1.2.3`), ...lines].join('\n');

describe('the toolbox Dockerfile (ci/toolbox/Dockerfile)', () => {
  it('follows every rule of the Dockerfile lint', () => {
    expect(lintDockerfile(DOCKERFILE)).toEqual([]);
  });

  it('pins every base image by digest to the same Node.js bookworm image, of the platform\'s NODE_VERSION', () => {
    const froms = DockerfileParser.parse(DOCKERFILE).getFROMs();
    expect(froms.map((f) => f.getImage())).toEqual([BASE, BASE]);
    expect(BASE).toMatch(new RegExp(`^node:${NODE_VERSION.replace(/\./g, '\\.')}-bookworm-slim@sha256:[a-f0-9]{64}$`));
  });

  it('runs as the image\'s unprivileged node user', () => {
    const users = DockerfileParser.parse(DOCKERFILE).getInstructions().filter((i) => i.getKeyword() === 'USER');
    expect(users.map((u) => u.getArgumentsContent())).toEqual(['node']);
  });

  it('carries kubectl, terraform, promtool and amtool at the versions the repository tests with', () => {
    const args = Object.fromEntries(
      DockerfileParser.parse(DOCKERFILE).getARGs().map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()]),
    );
    const setupTools = readFileSync(join(REPO_ROOT, 'scripts', 'setup-tools.sh'), 'utf8');
    expect(setupTools).toContain(`PROMETHEUS_VERSION=${args.PROMETHEUS_VERSION}`);
    expect(setupTools).toContain(`ALERTMANAGER_VERSION=${args.ALERTMANAGER_VERSION}`);
    // kubectl of the cluster's minor version (config/sections/cluster.ts); Terraform >= 1.10 (S3 lock files).
    expect(KUBERNETES_VERSIONS.some((v) => args.KUBECTL_VERSION?.startsWith(`${v}.`))).toBe(true);
    expect(Number(args.TERRAFORM_VERSION?.split('.')[1])).toBeGreaterThanOrEqual(10);
    // The final stage proves each tool runs.
    expect(DOCKERFILE).toMatch(/kubectl version --client && terraform version && promtool --version && amtool --version && aws --version/);
  });

  it('verifies every downloaded tool except the AWS CLI against its publisher\'s checksums', () => {
    const runs = DockerfileParser.parse(DOCKERFILE).getInstructions().filter((i) => i.getKeyword() === 'RUN');
    const downloads = runs.filter((r) => /curl -fsSL/.test(r.getRawArgumentsContent() ?? ''));
    expect(downloads).toHaveLength(5);
    const verified = downloads.filter((r) => /sha256sum -c/.test(r.getRawArgumentsContent() ?? ''));
    expect(verified).toHaveLength(4);
  });
});

describe('the Dockerfile lint', () => {
  it('accepts a minimal compliant file', () => {
    expect(lintDockerfile(minimal(['USER 1000']))).toEqual([]);
  });

  it('reports a base image without a digest', () => {
    expect(lintDockerfile(minimal(['FROM node:20.18.1-bookworm-slim', 'USER node']))).toEqual([
      'line 7: FROM node:20.18.1-bookworm-slim is not pinned by @sha256 digest',
    ]);
  });

  it('reports a latest tag even with a digest', () => {
    const digest = BASE.split('@')[1];
    expect(lintDockerfile(minimal([`FROM node:latest@${digest}`, 'USER node'])).join('\n')).toMatch(/needs an exact tag \(not latest\)/);
  });

  it('does not ask for a digest on a FROM that names an earlier build stage', () => {
    expect(lintDockerfile(minimal(['FROM ' + BASE + ' AS fetch', 'FROM fetch', 'USER node'])).join('\n')).not.toMatch(/FROM fetch/);
  });

  it('reports a final stage without a user or running as root', () => {
    expect(lintDockerfile(minimal([]))).toEqual(['the final stage sets no USER; it would run as root']);
    expect(lintDockerfile(minimal(['USER root']))).toEqual(['the final stage runs as root; use an unprivileged user']);
    expect(lintDockerfile(minimal(['USER node', `FROM ${BASE}`]))).toEqual(['the final stage sets no USER; it would run as root']);
  });

  it('reports a missing or floating tool version', () => {
    const text = minimal(['USER node']).replace('ARG KUBECTL_VERSION=1.2.3', 'ARG KUBECTL_VERSION=1.32').replace('ARG AWSCLI_VERSION=1.2.3\n', '');
    expect(lintDockerfile(text)).toEqual([
      'ARG KUBECTL_VERSION=1.32 is not an exact version like 1.2.3',
      'ARG AWSCLI_VERSION is missing',
    ]);
  });

  it('reports a download piped into a shell', () => {
    expect(lintDockerfile(minimal(['RUN curl -fsSL https://example.com/install.sh | bash', 'USER node']))).toEqual([
      'line 7: pipes a download into a shell; download, verify the checksum, then run',
    ]);
  });
});

/**
 * renovate.json: valid against the schema Renovate publishes (fetched by scripts/renovate-schema.sh, in pretest),
 * and complete: every pinned version that the project's own parsers find in config/images.ts, the Helm charts, the
 * CRD lock, the toolbox Dockerfile, .gitlab-ci.yml and the GitHub workflows is matched, with the same value, by one
 * of its custom managers (their regexes run here over the real files, as Renovate runs them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADDON_CHARTS } from '../../cdktf/stacks/addons.js';
import { IMAGES, NODE_VERSION } from '../../config/images.js';
import { REPO_ROOT } from '../support/repo.js';

interface CustomManager {
  readonly customType: 'regex';
  readonly description: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly depNameTemplate?: string;
  readonly datasourceTemplate?: string;
}
interface RenovateConfig {
  readonly customManagers: readonly CustomManager[];
  readonly enabledManagers: readonly string[];
}

/** A pin: what is pinned (image repository, chart, action, tool) and the version it is pinned to. */
interface Pin {
  readonly file: string;
  readonly depName: string;
  readonly value: string;
}

const SCHEMA = join(REPO_ROOT, '.tools', 'renovate', 'renovate-schema.json');
const config = JSON.parse(readFileSync(join(REPO_ROOT, 'renovate.json'), 'utf8')) as RenovateConfig;

/** Renovate's `/regex/` file pattern as a RegExp. */
function filePattern(pattern: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!m) throw new Error(`renovate.json: managerFilePatterns entry ${pattern} is not a /regex/`);
  return new RegExp(m[1] as string, m[2]);
}

function repoFiles(dir = REPO_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '.git', '.tools', '.crds', 'charts-out', 'cdktf.out', 'imports'].includes(e.name)) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? repoFiles(path) : [relative(REPO_ROOT, path)];
  });
}

/** What the managers extract, as Renovate would: one pin per match. */
function managerPins(): Pin[] {
  const files = repoFiles();
  return config.customManagers.flatMap((manager) => {
    const matched = files.filter((f) => manager.managerFilePatterns.some((p) => filePattern(p).test(f)));
    return matched.flatMap((file) => {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      return manager.matchStrings.flatMap((source) =>
        [...text.matchAll(new RegExp(source, 'g'))].map((m) => ({
          file,
          depName: m.groups?.depName ?? manager.depNameTemplate ?? '',
          value: m.groups?.currentValue ?? '',
        })),
      );
    });
  });
}

/** The pins, as the project's own code and parsers see them. */
function projectPins(): Pin[] {
  const pins: Pin[] = [];
  const elastic = new Set(['elasticsearch', 'kibana', 'logstash', 'filebeat']);
  for (const [name, image] of Object.entries(IMAGES)) {
    // The four Elastic images share ELASTIC_VERSION, the Node image NODE_VERSION: Renovate updates those constants.
    if (name === 'nodeRuntime') pins.push({ file: 'config/images.ts', depName: 'node', value: NODE_VERSION });
    else pins.push({ file: 'config/images.ts', depName: elastic.has(name) ? 'docker.elastic.co/elasticsearch/elasticsearch' : image.repository, value: image.tag });
  }
  for (const chart of ADDON_CHARTS) {
    pins.push({ file: 'chart coordinates', depName: chart.chart.replace(/^oci:\/\//, ''), value: chart.version });
  }
  const crds = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'crds.lock.json'), 'utf8')) as { repository: string; tag: string }[];
  for (const set of crds) pins.push({ file: 'scripts/crds.lock.json', depName: set.repository, value: set.tag });

  const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'ci', 'toolbox', 'Dockerfile'), 'utf8'));
  for (const from of dockerfile.getFROMs()) {
    pins.push({ file: 'ci/toolbox/Dockerfile', depName: from.getImageName() ?? '', value: from.getImageTag() ?? '' });
  }
  for (const arg of dockerfile.getARGs()) {
    const property = arg.getProperty();
    if (property?.getName().endsWith('_VERSION')) {
      pins.push({ file: 'ci/toolbox/Dockerfile', depName: `ARG ${property.getName()}`, value: property.getValue() ?? '' });
    }
  }

  const gitlab = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as { variables: Record<string, string> };
  const workflowsDir = join(REPO_ROOT, '.github', 'workflows');
  const workflows = readdirSync(workflowsDir).map((f) => ({ file: `.github/workflows/${f}`, text: readFileSync(join(workflowsDir, f), 'utf8') }));
  const envBlocks = [
    { file: '.gitlab-ci.yml', vars: gitlab.variables },
    ...workflows.map((w) => ({ file: w.file, vars: ((parse(w.text) as { env?: Record<string, string> }).env ?? {}) })),
  ];
  for (const { file, vars } of envBlocks) {
    for (const [key, value] of Object.entries(vars)) {
      if (key.endsWith('_IMAGE')) {
        const at = value.lastIndexOf(':');
        pins.push({ file, depName: value.slice(0, at), value: value.slice(at + 1) });
      } else if (key.endsWith('_NPM')) {
        const at = value.lastIndexOf('@');
        pins.push({ file, depName: value.slice(0, at), value: value.slice(at + 1) });
      } else if (key === 'NODE_VERSION') {
        pins.push({ file, depName: 'node', value });
      }
    }
  }
  for (const w of workflows) {
    const inputs = (parse(w.text) as { on?: { workflow_call?: { inputs?: Record<string, { default?: unknown }> } } }).on?.workflow_call?.inputs ?? {};
    const node = inputs['node-version']?.default;
    if (node !== undefined) pins.push({ file: w.file, depName: 'node', value: String(node) });
  }
  // Image defaults of the CI/CD components' inputs (`<name>-image`), except those that name a CI/CD variable.
  for (const f of readdirSync(join(REPO_ROOT, 'templates')).filter((n) => /\.ya?ml$/.test(n))) {
    const [spec] = readFileSync(join(REPO_ROOT, 'templates', f), 'utf8').split(/^---$/m);
    const inputs = (parse(spec ?? '') as { spec: { inputs: Record<string, { default?: unknown }> } }).spec.inputs;
    for (const [name, input] of Object.entries(inputs)) {
      const value = String(input.default ?? '');
      if (!name.endsWith('-image') || value.startsWith('$')) continue;
      const at = value.lastIndexOf(':');
      pins.push({ file: `templates/${f}`, depName: value.slice(0, at), value: value.slice(at + 1) });
    }
  }
  for (const w of workflows) {
    const jobs = (parse(w.text) as { jobs: Record<string, { steps?: { uses?: string }[] }> }).jobs;
    for (const job of Object.values(jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses) pins.push({ file: w.file, depName: step.uses.split('@')[0] as string, value: step.uses.split('@')[1] as string });
      }
    }
  }
  return pins;
}

describe('renovate.json', () => {
  it('is valid against the schema Renovate publishes', () => {
    expect(existsSync(SCHEMA), `${SCHEMA} is missing; run \`bash scripts/setup-tools.sh\` (npm test does it in pretest)`).toBe(true);
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects what Renovate rejects (the schema is really applied)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...config, prConcurrentLimit: 'ten' })).toBe(false);
    expect(validate({ ...config, customManagers: [{ ...config.customManagers[0], customType: 'jsonata-typo' }] })).toBe(false);
  });

  it('uses only custom regex managers (and npm), each matching at least one file and one pin', () => {
    expect([...config.enabledManagers].sort()).toEqual(['custom.regex', 'npm']);
    const files = repoFiles();
    for (const manager of config.customManagers) {
      const matched = files.filter((f) => manager.managerFilePatterns.some((p) => filePattern(p).test(f)));
      expect(matched, manager.description).not.toEqual([]);
      const hits = matched.flatMap((f) => manager.matchStrings.flatMap((s) => [...readFileSync(join(REPO_ROOT, f), 'utf8').matchAll(new RegExp(s, 'g'))]));
      expect(hits.length, manager.description).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.groups?.currentValue, manager.description).toBeTruthy();
        expect(hit.groups?.depName ?? manager.depNameTemplate, manager.description).toBeTruthy();
        expect(hit.groups?.datasource ?? manager.datasourceTemplate, manager.description).toBeTruthy();
      }
    }
  });

  it('matches every pinned version the project declares, with the same value', () => {
    const found = managerPins();
    // A pin of a named file must be matched in that file (several files pin the same Node version: each needs its
    // manager); the chart coordinates live in several source files, so any match counts for them.
    const key = (p: Pin) => `${p.depName}@${p.value}`;
    const inFile = (p: Pin) => `${p.file}|${key(p)}`;
    const matched = new Set(found.map(key));
    const matchedInFile = new Set(found.map(inFile));
    // ARG pins are matched through their `# renovate:` comment: compare the value of the ARG line instead.
    const dockerfile = readFileSync(join(REPO_ROOT, 'ci', 'toolbox', 'Dockerfile'), 'utf8');
    const missing = projectPins().filter((pin) => {
      if (pin.depName.startsWith('ARG ')) {
        const name = pin.depName.slice(4);
        return !found.some((f) => f.file === 'ci/toolbox/Dockerfile' && f.value === pin.value && dockerfile.includes(`depName=${f.depName}`) && new RegExp(`depName=${f.depName}.*\\nARG ${name}=`).test(dockerfile));
      }
      // Actions: the pin is the commit SHA; the manager reads the SHA and the release in the comment.
      if (pin.file.startsWith('.github/') && /^[a-f0-9]{40}$/.test(pin.value)) {
        return !new RegExp(`uses: ${pin.depName}@${pin.value} # v\\d+\\.\\d+\\.\\d+`).test(readFileSync(join(REPO_ROOT, pin.file), 'utf8'));
      }
      return existsSync(join(REPO_ROOT, pin.file)) ? !matchedInFile.has(inFile(pin)) : !matched.has(key(pin));
    });
    expect(missing).toEqual([]);
  });

  it('pins every GitHub Action by a full commit SHA with its exact release as a comment', () => {
    const dir = join(REPO_ROOT, '.github', 'workflows');
    for (const f of readdirSync(dir)) {
      const uses = [...readFileSync(join(dir, f), 'utf8').matchAll(/^(?![ \t]*#).*?\buses: (\S+)(.*)$/gm)];
      for (const [, ref, rest] of uses) {
        expect(ref, f).toMatch(/^[\w.-]+\/[\w.-]+@[a-f0-9]{40}$/);
        expect(rest, `${f}: ${ref}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });
});

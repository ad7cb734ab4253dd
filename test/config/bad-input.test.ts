/**
 * Malformed environment files: synth must exit non-zero, name the file and the field path, and write nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import { runSynthCli } from '../../scripts/lib/cli.js';
import { CHARTS_OUT, REPO_ROOT, scratchRoot, treeContents } from '../support/repo.js';

type Mutation = (text: string) => string;

/** Structured edit of the shipped dev.yaml. */
const edit = (change: (doc: ReturnType<typeof parseDocument>) => void): Mutation => (text) => {
  const doc = parseDocument(text);
  change(doc);
  return doc.toString();
};

const cases: { name: string; mutate: Mutation; path: string; message?: RegExp }[] = [
  { name: 'a YAML syntax error', mutate: (t) => `${t}\nmetrics: [unclosed\n`, path: 'line ', message: /YAML syntax error/ },
  { name: 'a duplicate YAML key', mutate: (t) => `${t}\nname: dev\n`, path: 'line ', message: /YAML syntax error/ },
  { name: 'an empty file', mutate: () => '', path: '(root)', message: /empty/ },
  { name: 'a list instead of a mapping', mutate: () => '- name: dev\n', path: '(root)', message: /mapping/ },
  { name: 'an unknown top-level key', mutate: edit((d) => d.set('extras', 1)), path: 'extras', message: /unknown key/ },
  { name: 'a misspelt nested key', mutate: edit((d) => d.setIn(['metrics', 'retension'], '15d')), path: 'metrics.retension', message: /unknown key/ },
  { name: 'a wrong type', mutate: edit((d) => d.setIn(['metrics', 'retention'], 15)), path: 'metrics.retention', message: /string/ },
  { name: 'a negative duration', mutate: edit((d) => d.setIn(['metrics', 'retention'], '-5d')), path: 'metrics.retention', message: /duration/ },
  { name: 'an unparsable duration', mutate: edit((d) => d.setIn(['metrics', 'retention'], '15 days')), path: 'metrics.retention', message: /duration/ },
  { name: 'a zero duration', mutate: edit((d) => d.setIn(['metrics', 'retention'], '0d')), path: 'metrics.retention', message: /greater than zero/ },
  { name: 'a missing required section', mutate: edit((d) => d.delete('aws')), path: 'aws', message: /required/ },
  { name: 'a missing required service field', mutate: edit((d) => d.deleteIn(['services', 0, 'team'])), path: 'services[0].team', message: /required/ },
  { name: 'a duplicate service name', mutate: edit((d) => d.setIn(['services', 1, 'name'], 'checkout')), path: 'services[1].name', message: /duplicate/ },
  { name: 'an invalid DNS label', mutate: edit((d) => d.setIn(['services', 0, 'namespace'], 'Shop_NS')), path: 'services[0].namespace', message: /DNS label/ },
  { name: 'a numeric port instead of a port name', mutate: edit((d) => d.setIn(['services', 0, 'port'], '8080')), path: 'services[0].port', message: /letter/ },
  { name: 'an SLO of 100%', mutate: edit((d) => d.setIn(['services', 0, 'slo', 'availability'], 100)), path: 'services[0].slo.availability', message: /less than 100/ },
  { name: 'an SLO of 0%', mutate: edit((d) => d.setIn(['services', 0, 'slo', 'availability'], 0)), path: 'services[0].slo.availability', message: /greater than 0/ },
  { name: 'services that is not a list', mutate: edit((d) => d.set('services', 'checkout')), path: 'services', message: /array/ },
  { name: 'an unquoted account id', mutate: edit((d) => d.setIn(['aws', 'accountId'], 111111111111)), path: 'aws.accountId', message: /string/ },
  { name: 'an invalid CIDR', mutate: edit((d) => d.setIn(['network', 'vpcCidr'], '10.0.0.0/33')), path: 'network.vpcCidr', message: /CIDR/ },
  { name: 'a name that differs from the file name', mutate: edit((d) => d.set('name', 'develop')), path: 'name', message: /file name/ },
];

/** Runs the synth command line in-process; returns its exit code and what it wrote to stderr. */
function runCaptured(argv: string[], root: string): { code: number; output: string } {
  const chunks: string[] = [];
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: runSynthCli(argv, root), output: chunks.join('') };
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

describe('synth with a malformed environment file', () => {
  it.each(cases)('rejects $name, naming the file and field, and writes nothing', ({ mutate, path, message }) => {
    const { root, configDir } = scratchRoot({ withChartsOut: true });
    const file = join(configDir, 'dev.yaml');
    writeFileSync(file, mutate(readFileSync(file, 'utf8')));
    const before = treeContents(join(root, 'charts-out'));

    const { code, output } = runCaptured(['--config', configDir], root);

    expect(code).not.toBe(0);
    expect(output).toContain(`dev.yaml: ${path}`);
    if (message) expect(output).toMatch(message);
    expect(output).toContain('nothing was written');
    expect(treeContents(join(root, 'charts-out'))).toEqual(before);
  });

  it('reports every broken file in one run', () => {
    const { root, configDir } = scratchRoot();
    for (const env of ['dev', 'prod']) {
      const file = join(configDir, `${env}.yaml`);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/retention: \w+/, 'retention: soon'));
    }
    const { code, output } = runCaptured(['--config', configDir], root);
    expect(code).toBe(1);
    expect(output).toMatch(/dev\.yaml: metrics\.retention: must be a duration/);
    expect(output).toMatch(/prod\.yaml: metrics\.retention: must be a duration/);
  });

  it('reports an unparsable duration once, not also as "not greater than zero"', () => {
    const { root, configDir } = scratchRoot();
    const file = join(configDir, 'dev.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/retention: \w+/, 'retention: abc'));
    const { output } = runCaptured(['--config', configDir], root);
    expect(output.split('\n').filter((l) => l.includes('dev.yaml: metrics.retention:'))).toHaveLength(1);
  });

  it('exits 1 from the real command line and leaves the committed charts-out untouched', () => {
    const { configDir } = scratchRoot();
    const file = join(configDir, 'staging.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('retention: 7d', 'retention: -7d'));
    const before = treeContents(CHARTS_OUT);
    const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/synth.ts', '--config', configDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/staging\.yaml: metrics\.retention: must be a duration/);
    expect(treeContents(CHARTS_OUT)).toEqual(before);
  });
});

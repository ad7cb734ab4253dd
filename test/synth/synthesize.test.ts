import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../../scripts/lib/synthesize.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { CHARTS_OUT, scratchRoot, treeContents } from '../support/repo.js';
import { synthesizedScratchRoot, synthRoot } from '../support/synthesized.js';

const NAMES = ENVIRONMENTS.map((e) => e.name).sort();

describe('synthesize', () => {
  // The run's shared synthesis (test/support/global-setup.ts) is one `synthesize` of the shipped environments.
  it('writes every environment: one file per chart and one Terraform root module per stack', () => {
    const root = synthRoot();
    expect(NAMES.length).toBeGreaterThan(0);
    for (const env of NAMES) {
      expect(existsSync(join(root, 'charts-out', env, 'platform.k8s.yaml'))).toBe(true);
      expect(existsSync(join(root, 'cdktf.out', 'stacks', `${env}-network`, 'cdk.tf.json'))).toBe(true);
    }
  });

  it('is deterministic: a second run changes no byte, and reports what it wrote', () => {
    const { root, configDir } = scratchRoot();
    const summaries = synthesize({ root, configDir });
    expect(summaries.map((s) => s.env)).toEqual(NAMES);
    for (const s of summaries) expect(s.kinds.Namespace, s.env).toBeGreaterThan(0);
    expect({ charts: treeContents(join(root, 'charts-out')), tf: treeContents(join(root, 'cdktf.out')) }).toEqual({
      charts: treeContents(join(synthRoot(), 'charts-out')),
      tf: treeContents(join(synthRoot(), 'cdktf.out')),
    });
  });

  it('reports the time of each step, in order, the chart steps once per environment (npm run bench shows them)', () => {
    const { root, configDir } = scratchRoot();
    const seen: string[] = [];
    const onPhase = (phase: string, ms: number) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      seen.push(phase);
    };
    synthesize({ root, configDir, only: ['dev', 'prod'], onPhase });
    expect(seen).toEqual(['config', 'charts-build', 'charts-write', 'charts-build', 'charts-write', 'terraform', 'commit']);
  });

  it('matches the committed charts-out/ (run `npm run synth` and commit the result if this fails)', () => {
    expect(treeContents(join(synthRoot(), 'charts-out'))).toEqual(treeContents(CHARTS_OUT));
  });

  it('with --env replaces only that environment and keeps the others', () => {
    const { root, configDir } = synthesizedScratchRoot();
    const [first, ...others] = NAMES;
    if (first === undefined) throw new Error('no environment in config/environments/');
    const othersBefore = others.map((e) => treeContents(join(root, 'charts-out', e)));
    const file = join(configDir, `${first}.yaml`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/costCentre: \S+/);
    writeFileSync(file, text.replace(/costCentre: (\S+)/, 'costCentre: $1-changed'));
    const summaries = synthesize({ root, configDir, only: [first] });
    expect(summaries.map((s) => s.env)).toEqual([first]);
    expect(others.map((e) => treeContents(join(root, 'charts-out', e)))).toEqual(othersBefore);
    const manifest = JSON.parse(readFileSync(join(root, 'cdktf.out', 'manifest.json'), 'utf8')) as { stacks: object };
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(NAMES.map((e) => `${e}-network`)));
    expect(readFileSync(join(root, 'cdktf.out', 'stacks', `${first}-network`, 'cdk.tf.json'), 'utf8')).toMatch(/-changed"/);
  });

  it('keeps every environment\'s output when one file becomes invalid', () => {
    const { root, configDir } = synthesizedScratchRoot();
    const victim = NAMES.at(-1) ?? '';
    writeFileSync(join(configDir, `${victim}.yaml`), '');
    expect(() => synthesize({ root, configDir })).toThrow(new RegExp(`${victim}\\.yaml`));
    expect(treeContents(join(root, 'charts-out'))).toEqual(treeContents(join(synthRoot(), 'charts-out')));
  });
});

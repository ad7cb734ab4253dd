import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../../scripts/lib/synthesize.js';
import { CHARTS_OUT, scratchRoot, treeContents } from '../support/repo.js';

describe('synthesize', () => {
  it('writes every environment: one file per chart and one Terraform root module per stack', () => {
    const { root, configDir } = scratchRoot();
    const summaries = synthesize({ root, configDir });
    expect(summaries.map((s) => s.env)).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(existsSync(join(root, 'charts-out', env, 'platform.k8s.yaml'))).toBe(true);
      expect(existsSync(join(root, 'cdktf.out', 'stacks', `${env}-network`, 'cdk.tf.json'))).toBe(true);
    }
    expect(summaries.find((s) => s.env === 'prod')?.kinds.Namespace).toBeGreaterThan(0);
  });

  it('is deterministic: a second run changes no byte', () => {
    const { root, configDir } = scratchRoot();
    synthesize({ root, configDir });
    const first = { charts: treeContents(join(root, 'charts-out')), tf: treeContents(join(root, 'cdktf.out')) };
    synthesize({ root, configDir });
    expect({ charts: treeContents(join(root, 'charts-out')), tf: treeContents(join(root, 'cdktf.out')) }).toEqual(first);
  });

  it('matches the committed charts-out/ (run `npm run synth` and commit the result if this fails)', () => {
    const { root, configDir } = scratchRoot();
    synthesize({ root, configDir });
    expect(treeContents(join(root, 'charts-out'))).toEqual(treeContents(CHARTS_OUT));
  });

  it('with --env replaces only that environment and keeps the others', () => {
    const { root, configDir } = scratchRoot();
    synthesize({ root, configDir });
    const prodBefore = treeContents(join(root, 'charts-out', 'prod'));
    const devFile = join(configDir, 'dev.yaml');
    writeFileSync(devFile, readFileSync(devFile, 'utf8').replace('costCentre: cc-platform-dev', 'costCentre: cc-platform-dev2'));
    const summaries = synthesize({ root, configDir, only: ['dev'] });
    expect(summaries.map((s) => s.env)).toEqual(['dev']);
    expect(treeContents(join(root, 'charts-out', 'prod'))).toEqual(prodBefore);
    const manifest = JSON.parse(readFileSync(join(root, 'cdktf.out', 'manifest.json'), 'utf8')) as { stacks: object };
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(['dev-network', 'prod-network', 'staging-network']));
    expect(readFileSync(join(root, 'cdktf.out', 'stacks', 'dev-network', 'cdk.tf.json'), 'utf8')).toContain('cc-platform-dev2');
  });

  it('keeps every environment\'s output when one file becomes invalid', () => {
    const { root, configDir } = scratchRoot();
    synthesize({ root, configDir });
    writeFileSync(join(configDir, 'staging.yaml'), '');
    expect(() => synthesize({ root, configDir })).toThrow(/staging\.yaml/);
    expect(existsSync(join(root, 'charts-out', 'staging'))).toBe(true);
  });
});

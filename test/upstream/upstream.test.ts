/**
 * kubernetes-mixin's own promtool unit tests (at the commit kube-prometheus vendors), run against our synthesized
 * production rules for every alert and recording rule we ship under upstream's name. The only adaptations are in
 * adapt.ts; the tests that fail because we chose differently are listed, with reasons, in differences.ts.
 */
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MIXIN, upstreamPath } from '../../scripts/lib/upstream.js';
import { inBatches, runToolAsync, shippedRules, writeRuleFiles } from '../support/tools.js';
import { tempDir } from '../support/repo.js';
import { adaptFile, failedGroups, type PromtoolFile, type ShippedAlert, type Skipped } from './adapt.js';
import { KNOWN_DIFFERENCES } from './differences.js';
import { UPSTREAM_JOBS } from './jobs.js';

const TESTS_DIR = upstreamPath(MIXIN, 'tests');

describe('kubernetes-mixin unit tests against our production rules', () => {
  const shipped = shippedRules('prod');
  const rules = shipped.flatMap((r) => r.groups.flatMap((g) => g.rules));
  const alerts = new Map<string, ShippedAlert[]>();
  for (const r of rules) {
    if (!r.alert) continue;
    const list = alerts.get(r.alert) ?? [];
    list.push({ alert: r.alert, staticLabels: r.labels ?? {}, annotations: r.annotations ?? {} });
    alerts.set(r.alert, list);
  }
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));

  it('finds the upstream tests that `npm run upstream` copies (pretest)', () => {
    expect(existsSync(TESTS_DIR), `${TESTS_DIR} is missing; run \`npm run upstream\``).toBe(true);
    expect(readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThanOrEqual(7);
  });

  it('passes every upstream test of a shared alert or recording rule, except the listed differences', async () => {
    const dir = process.env.UPSTREAM_KEEP ?? tempDir('upstream-tests-');
    const ruleFiles = writeRuleFiles(shipped, dir);
    const fileOf = new Map<string, string>();
    shipped.forEach((r, i) => {
      for (const rule of r.groups.flatMap((g) => g.rules)) fileOf.set(rule.alert ?? rule.record ?? '', ruleFiles[i] ?? '');
    });
    const jobs = UPSTREAM_JOBS;
    const files = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.yaml')).sort();
    const kept: string[] = [];
    const skipped: Skipped[] = [];
    const runs = files.flatMap((file) => {
      const upstream = parse(readFileSync(join(TESTS_DIR, file), 'utf8')) as PromtoolFile;
      const adapted = adaptFile({ file, upstream, ruleFileOf: (n) => fileOf.get(n), alerts, recorded, jobs });
      kept.push(...adapted.kept);
      skipped.push(...adapted.skipped);
      return [...adapted.files.values()].map((content, i) => {
        const path = join(dir, `upstream-${i}-${file}`);
        writeFileSync(path, stringify(content, { lineWidth: 0, aliasDuplicateObjects: false }));
        return { file, path };
      });
    });
    // One promtool process per upstream file and rule file it needs, as many at once as there are cores.
    const results = await inBatches(runs, Math.max(1, availableParallelism()), (r) =>
      runToolAsync('promtool', ['test', 'rules', r.path], { timeoutMs: 100_000 }),
    );
    const failed = new Set<string>();
    results.forEach((res, i) => {
      const names = failedGroups(res.output);
      if (res.status !== 0 && names.length === 0) throw new Error(`promtool could not run ${runs[i]?.file}:\n${res.output}`);
      for (const n of names) failed.add(n);
    });
    for (const s of skipped.filter((x) => x.kind === 'differs')) failed.add(`${s.file} ${s.what}: ${s.reason}`);

    expect(kept.length, 'no upstream test applies to our rules').toBeGreaterThan(50);
    const unexplained = [...failed].filter((n) => !(n in KNOWN_DIFFERENCES)).sort();
    expect(unexplained, 'upstream tests that fail and are not listed in test/upstream/differences.ts').toEqual([]);
    const stale = Object.keys(KNOWN_DIFFERENCES).filter((n) => !failed.has(n));
    expect(stale, 'listed differences that now pass (remove them)').toEqual([]);
  });
});

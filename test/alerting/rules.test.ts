import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertDefinitions, ruleSets } from '../../cdk8s/alerting/rules.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { inBatches, runTool, runToolAsync, shippedRules, type ToolResult, writeRuleFiles } from '../support/tools.js';
import { tempDir } from '../support/repo.js';
import { promtoolTestFile, promtoolTests, rulesDecidingAlert } from './promtool-cases.js';

/**
 * promtool results by content (rule files + unit tests): environments whose rule sets are identical (most platform
 * areas) run them once, not once per environment.
 */
const promtoolRuns = new Map<string, Promise<ToolResult>>();
function promtoolOnce(files: readonly { readonly file: string; readonly key: string }[]): Promise<ToolResult> {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.key).update('\0');
  const key = hash.digest('hex');
  let run = promtoolRuns.get(key);
  if (!run) {
    run = runToolAsync('promtool', ['test', 'rules', ...files.map((f) => f.file)], { timeoutMs: 100_000 });
    promtoolRuns.set(key, run);
  }
  return run;
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('alert and recording rules (%s)', (name, env) => {
  const shipped = shippedRules(name);
  const definitions = alertDefinitions(ruleSets(env.alerting, env.services));
  const shippedAlerts = shipped.flatMap((r) => r.groups.flatMap((g) => g.rules.filter((rule) => rule.alert)));

  it('ships the rules of the typed library, unchanged', () => {
    expect(shippedAlerts.map((a) => a.alert)).toEqual(definitions.map((d) => d.alert));
  });

  it('passes promtool check rules for every PrometheusRule', () => {
    const dir = tempDir('promtool-check-');
    const files = writeRuleFiles(shipped, dir);
    expect(files.length).toBeGreaterThanOrEqual(6);
    const res = runTool('promtool', ['check', 'rules', ...files]);
    expect(res.status, res.output).toBe(0);
    expect(res.output).not.toMatch(/FAILED/);
  });

  it('passes promtool unit tests in which every alert fires once and stays silent once', async () => {
    const dir = tempDir('promtool-test-');
    const sets = ruleSets(env.alerting, env.services);
    // One promtool run per PrometheusRule; in it, one unit-test file per alert that loads only the shipped rules
    // deciding that alert (rulesDecidingAlert: the alert and the recording rules it reads, unchanged).
    const jobs = sets.map((set) => {
      const rule = shipped.find((r) => r.name === set.name);
      if (!rule) throw new Error(`no shipped PrometheusRule ${set.name}`);
      const defs = alertDefinitions([set]);
      const files = [...new Set(defs.map((d) => d.alert))].map((alert, i) => {
        const ruleFile = join(dir, `${set.name}-${i}.rules.yaml`);
        const ruleText = stringify({ groups: rulesDecidingAlert(rule.groups, alert) }, { lineWidth: 0 });
        writeFileSync(ruleFile, ruleText);
        const tests = defs.filter((d) => d.alert === alert).flatMap((d) => promtoolTests(d, env.alerting.runbookBaseUrl, set.name, defs));
        const file = join(dir, `${set.name}-${i}.test.yaml`);
        const text = promtoolTestFile([ruleFile], tests);
        writeFileSync(file, text);
        return { file, key: `${ruleText}\n${text.replaceAll(ruleFile, '<rules>')}`, count: tests.length };
      });
      return { set: set.name, files, count: files.reduce((n, f) => n + f.count, 0) };
    });
    // every alert except the always-firing Watchdog has a silent case
    const scenarios = definitions.reduce((n, d) => n + (d.scenarios?.length ?? 0), 0);
    expect(jobs.reduce((n, j) => n + j.count, 0)).toBe(definitions.length * 2 - 1 + scenarios);
    const results = await inBatches(jobs, Math.max(2, availableParallelism()), (j) => promtoolOnce(j.files));
    const failures = results.map((r, i) => ({ r, job: jobs[i] })).filter(({ r, job }) => r.status !== 0 || (r.output.match(/SUCCESS/g) ?? []).length !== job?.files.length);
    expect(failures.map(({ job, r }) => `${job?.set}:\n${r.output}`).join('\n')).toBe('');
  });

  it('gives only Watchdog a case without a silent variant', () => {
    expect(definitions.filter((d) => d.silent === 'always-fires').map((d) => d.alert)).toEqual(['Watchdog']);
  });

  it('labels every alert with severity and team and annotates it with summary, description and runbook_url', () => {
    for (const a of shippedAlerts) {
      expect(['critical', 'warning', 'info'], a.alert).toContain(a.labels?.severity);
      // AlertEscalated keeps the team of the warning it escalates (aggregated `by (…, team)`)
      if (a.alert === 'AlertEscalated') expect(a.expr).toMatch(/by \([^)]*\bteam\b/);
      else expect(a.labels?.team, a.alert).toMatch(/^[a-z0-9-]+$/);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      expect(a.annotations?.runbook_url).toBe(`${env.alerting.runbookBaseUrl}/docs/runbooks/${a.alert}.md`);
    }
  });

  it('uses only $labels in annotation templates, so the unit tests check the exact text', () => {
    for (const a of shippedAlerts) {
      for (const text of Object.values(a.annotations ?? {})) {
        expect(text.replace(/\{\{\s*\$labels\.[a-zA-Z_][a-zA-Z0-9_]*\s*\}\}/g, ''), a.alert).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('gives the stack\'s own alerts team platform and SLO alerts the catalog team and service', () => {
    for (const set of shipped) {
      const alerts = set.groups.flatMap((g) => g.rules.filter((r) => r.alert));
      if (set.name.startsWith('platform-')) {
        for (const a of alerts.filter((x) => x.alert !== 'AlertEscalated')) expect(a.labels?.team, a.alert).toBe('platform');
      }
      if (set.name.startsWith('slo-')) {
        const svc = env.services.find((s) => `slo-${s.name}` === set.name);
        for (const a of alerts) {
          expect(a.labels?.team).toBe(svc?.team);
          expect(a.expr).toContain(`service="${svc?.name}"`);
        }
      }
    }
  });

  it('ships no alert on control-plane components that EKS does not expose', () => {
    for (const set of shipped) {
      for (const rule of set.groups.flatMap((g) => g.rules)) {
        expect(rule.expr, rule.alert ?? rule.record).not.toMatch(/kube[-_]scheduler|kube[-_]controller[-_]manager|etcd_/);
      }
    }
  });

  it('only references recording rules (level:metric:operation names) that the same PrometheusRule records', () => {
    for (const set of shipped) {
      const rules = set.groups.flatMap((g) => g.rules);
      const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
      for (const rule of rules) {
        for (const name of rule.expr.match(/\b[a-z_]+:[a-z0-9_:]+(?![a-z0-9_:])/g) ?? []) expect(recorded, `${set.name}: ${rule.alert ?? rule.record} uses ${name}`).toContain(name);
      }
    }
  });

  it('ships one alerting PrometheusRule per area and per catalog service with an SLO', () => {
    // Recording-only PrometheusRules (the metrics chart's) are not alert areas.
    const alerting = shipped.filter((r) => r.groups.some((g) => g.rules.some((rule) => rule.alert)));
    expect(alerting.length).toBe(9 + env.services.filter((s) => s.slo).length);
  });
});

describe('the production rule library', () => {
  it('has at least 110 alerts', () => {
    const prod = shippedRules('prod').flatMap((r) => r.groups.flatMap((g) => g.rules.filter((rule) => rule.alert)));
    expect(prod.length).toBeGreaterThanOrEqual(110);
    expect(new Set(prod.map((a) => a.alert)).size).toBeGreaterThanOrEqual(95);
  });
});

describe('one rule pipeline', () => {
  it.each(ENVIRONMENTS.map((env) => [env.name] as const))('records no series twice across all shipped PrometheusRules (%s)', (name) => {
    const records = shippedRules(name).flatMap((r) => r.groups.flatMap((g) => g.rules.flatMap((rule) => (rule.record ? [`${rule.record}${JSON.stringify(rule.labels ?? {})}`] : []))));
    const twice = records.filter((r, i) => records.indexOf(r) !== i);
    expect(twice).toEqual([]);
  });

  it('passes promtool check rules --lint=all for production', () => {
    const dir = tempDir('promtool-lint-');
    const res = runTool('promtool', ['check', 'rules', '--lint=all', '--lint-fatal', ...writeRuleFiles(shippedRules('prod'), dir)]);
    expect(res.status, res.output).toBe(0);
  });
});

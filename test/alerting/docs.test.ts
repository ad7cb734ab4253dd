import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertingDocs, alertsByName, ROUTING_DOC, RUNBOOK_DIR } from '../../scripts/lib/alerting-docs.js';
import { ENVIRONMENTS } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';
import { shippedRules } from '../support/tools.js';

describe('generated alerting docs', () => {
  const files = alertingDocs(ENVIRONMENTS);

  it('are up to date (run `npm run runbooks` after changing alerts or routing)', () => {
    for (const [path, content] of Object.entries(files)) {
      const full = join(REPO_ROOT, path);
      expect(existsSync(full), `${path} is missing`).toBe(true);
      expect(readFileSync(full, 'utf8'), `${path} is stale`).toBe(content);
    }
    const onDisk = readdirSync(join(REPO_ROOT, RUNBOOK_DIR)).map((f) => `${RUNBOOK_DIR}/${f}`).sort();
    expect(onDisk).toEqual(Object.keys(files).filter((p) => p.startsWith(`${RUNBOOK_DIR}/`)).sort());
  });

  it('has a runbook with meaning, checks and mitigation for every shipped alert of every environment', () => {
    for (const env of ENVIRONMENTS) {
      for (const rule of shippedRules(env.name).flatMap((r) => r.groups.flatMap((g) => g.rules.filter((x) => x.alert)))) {
        const path = join(REPO_ROOT, RUNBOOK_DIR, `${rule.alert}.md`);
        expect(existsSync(path), `${rule.alert} has no runbook`).toBe(true);
        const text = readFileSync(path, 'utf8');
        expect(text).toMatch(/## Meaning\n\n\S/);
        expect(text).toMatch(/## How to check\n\n1\. \S/);
        expect(text).toMatch(/## How to mitigate\n\n- \S/);
      }
    }
  });

  it('gives every alert substantial runbook text', () => {
    for (const [name, e] of alertsByName(ENVIRONMENTS)) {
      expect(e.def.runbook.meaning.length, name).toBeGreaterThan(30);
      expect(e.def.runbook.check.length, name).toBeGreaterThan(0);
      expect(e.def.runbook.mitigate.length, name).toBeGreaterThan(0);
    }
  });

  it('draws a mermaid routing tree for every environment', () => {
    const doc = files[ROUTING_DOC] ?? '';
    for (const env of ENVIRONMENTS) {
      expect(doc).toContain(`## ${env.name}\n\n\`\`\`mermaid\nflowchart LR`);
    }
    expect(doc).toContain(`rcv_heartbeat(["heartbeat (webhook)"])`);
  });
});

describe('contract between the logging alerts and the logging pipeline', () => {
  const section = (doc: string, heading: string): string => {
    const text = readFileSync(join(REPO_ROOT, 'docs', doc), 'utf8');
    const start = text.indexOf(`## ${heading}`);
    expect(start, `docs/${doc} has no "## ${heading}" section`).toBeGreaterThanOrEqual(0);
    const end = text.indexOf('\n## ', start + 3);
    return text.slice(start, end === -1 ? undefined : end);
  };
  const contracts = [section('alerting.md', 'Contract with the logging pipeline'), section('logging.md', 'Contract with alerting')];

  it('lists every exporter metric the logging alerts use in both contract sections', () => {
    for (const env of ENVIRONMENTS) {
      const logging = shippedRules(env.name).filter((r) => r.name === 'platform-logging');
      expect(logging, `${env.name} ships no platform-logging rules`).toHaveLength(1);
      const metrics = new Set(logging.flatMap((r) => r.groups.flatMap((g) => g.rules.flatMap((rule) => rule.expr.match(/\b(?:elasticsearch|logstash|filebeat)_[a-z_]+\b/g) ?? []))));
      expect(metrics.size).toBeGreaterThan(10);
      for (const metric of metrics) {
        for (const contract of contracts) expect(contract, `${metric} is missing from a contract section`).toContain(`\`${metric}`);
      }
    }
  });
});

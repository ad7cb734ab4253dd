/** Helpers for the metrics tests: synthesize the metrics chart of an environment and find objects in it. */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import type { Environment } from '../../config/derive.js';
import { MetricsChart } from '../../cdk8s/metrics/chart.js';
import { REPO_ROOT, tempDir } from '../support/repo.js';

/** A synthesized object, loosely typed for assertions. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export function synthMetrics(env: Environment): K8sObject[] {
  return Testing.synth(new MetricsChart(Testing.app(), 'metrics', { env })) as K8sObject[];
}

/** The one object of a kind and name; fails the test if there is not exactly one. */
export function find(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!;
}

/** Runs `promtool check rules` over rule groups; returns its output, throws with it on failure. */
export function promtoolCheckRules(groups: ReadonlyArray<{ name: string; rules: ReadonlyArray<Readonly<Record<string, unknown>>> }>): string {
  const promtool = join(REPO_ROOT, '.tools', 'bin', 'promtool');
  if (!existsSync(promtool)) throw new Error(`promtool is missing at ${promtool}; run npm run setup-tools`);
  const file = join(tempDir(), 'rules.yaml');
  writeFileSync(file, stringify({ groups }));
  const result = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || output.includes('FAILED')) throw new Error(`promtool rejected the rules:\n${output}`);
  return output;
}

/**
 * The datasource uid a panel or query reference resolves to: the uid itself, or for `${name}` the default of the
 * dashboard's datasource variable of that name (undefined when there is none).
 */
export function resolvedDatasourceUid(ref: { uid?: string } | undefined, model: { templating?: { list?: ReadonlyArray<{ name?: string; type?: string; current?: { value?: unknown } }> } }): string | undefined {
  const uid = ref?.uid;
  const variable = /^\$\{(\w+)\}$/.exec(uid ?? '')?.[1];
  if (!variable) return uid;
  const v = (model.templating?.list ?? []).find((x) => x.name === variable && x.type === 'datasource');
  return typeof v?.current?.value === 'string' ? v.current.value : undefined;
}

/**
 * `App.synth()` of cdk8s for the one output layout this repository uses (one `<chart>.k8s.yaml` per chart), doing
 * each piece of work once.
 *
 * cdk8s's own `synth()` validates and resolves the dependencies of the whole app, then calls `chart.toJson()` per
 * chart, and each of those validates and resolves the whole app again (and `app.charts` sorts the whole construct
 * tree each time it is read). With a large catalog that repetition is a large share of the run. Here validation and
 * dependency resolution run once, every object's `toJson()` runs once, and the result (the objects per chart) is
 * returned so that callers (object counts, the local stack) do not synthesize a second time. The files are written
 * with {@link stringifyManifests}, which produces the same bytes as cdk8s's `Yaml.save`.
 *
 * The steps and their order are those of cdk8s 2.70 (`App.synth`, `validate`, `resolveDependencies`, `chartToKube`
 * and the chart namers in cdk8s/lib/app.js); test/synth/fast-yaml.test.ts checks the output against `app.synth()`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { stringifyManifests } from './fast-yaml.js';

export interface SynthesizedChart {
  /** File name under the app's `outdir`, e.g. `metrics.k8s.yaml`. */
  readonly file: string;
  readonly chart: Chart;
  /** The chart's API objects, in the order they are written. */
  readonly apiObjects: readonly ApiObject[];
  /** Their manifests (`toJson()`), in the same order. */
  readonly manifests: readonly Record<string, unknown>[];
}

function validateApp(all: readonly IConstruct[]): void {
  const errors: string[] = [];
  for (const child of all) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

const isChart = (c: IConstruct): c is Chart => Chart.isChart(c);

/** Turns construct dependencies into chart and API object dependencies; true when a chart depends on another. */
function resolveDependencies(all: readonly IConstruct[]): boolean {
  let hasDependantCharts = false;
  for (const parent of all.filter(isChart)) {
    for (const child of parent.node.children.filter(isChart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const deps: { source: IConstruct; target: IConstruct }[] = [];
  for (const child of all) for (const dep of child.node.dependencies) deps.push({ source: child, target: dep });
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  const found = new Map<IConstruct, ApiObject[]>();
  const objectsIn = (c: IConstruct): ApiObject[] => {
    let objects = found.get(c);
    if (!objects) {
      const chart = Chart.of(c);
      objects = c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart);
      found.set(c, objects);
    }
    return objects;
  };
  for (const { source, target } of deps) {
    const targets = objectsIn(target);
    const sources = objectsIn(source);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
  return hasDependantCharts;
}

/**
 * The app's charts in the order `app.charts` lists them (a topological sort of every construct of the app), sorted
 * over the charts alone. That is the same order when charts are the app's direct children, only charts depend on
 * charts, and no chart id is an array index (which would reorder cdk8s's path-keyed vertex table); otherwise, and for
 * a dependency cycle, this asks cdk8s.
 */
function chartsInOrder(app: App, all: readonly IConstruct[]): Chart[] {
  const charts = all.filter(isChart);
  const chartSet = new Set<IConstruct>(charts);
  const simple =
    charts.every((c) => c.node.scope === app && !/^(0|[1-9][0-9]*)$/.test(c.node.id)) &&
    all.every((c) => chartSet.has(c) || !c.node.dependencies.some((d) => chartSet.has(d))) &&
    charts.every((c) => c.node.dependencies.every((d) => chartSet.has(d)));
  if (!simple) return app.charts;
  const dependants = new Map<IConstruct, number>(charts.map((c) => [c, 0]));
  for (const c of charts) for (const d of new Set(c.node.dependencies)) dependants.set(d, (dependants.get(d) ?? 0) + 1);
  const order: Chart[] = [];
  const done = new Set<Chart>();
  const onPath = new Set<Chart>();
  const visit = (c: Chart): void => {
    if (onPath.has(c)) throw new Error('cycle');
    onPath.add(c);
    for (const d of c.node.dependencies) visit(d as Chart);
    onPath.delete(c);
    if (!done.has(c)) {
      done.add(c);
      order.push(c);
    }
  };
  try {
    for (const c of charts) if (dependants.get(c) === 0) visit(c);
  } catch {
    return app.charts;
  }
  return order.length === charts.length ? order : app.charts;
}

/** Synthesizes `app` into its `outdir` (what `app.synth()` writes) and returns what each chart holds. */
export function synthK8sApp(app: App): SynthesizedChart[] {
  if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART || process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true') {
    throw new Error('synth: synthK8sApp only writes one file per chart without construct metadata; use app.synth()');
  }
  mkdirSync(app.outdir, { recursive: true });
  const all = app.node.findAll();
  validateApp(all);
  const hasDependantCharts = resolveDependencies(all);
  let index = 0;
  const name = (chart: Chart) => {
    const label = Names.toDnsLabel(chart);
    return hasDependantCharts ? `${String(index++).padStart(4, '0')}-${label}` : label;
  };
  const result: SynthesizedChart[] = [];
  for (const chart of chartsInOrder(app, all)) {
    const apiObjects = new DependencyGraph(chart.node)
      .topology()
      .filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart);
    const manifests = apiObjects.map((o) => o.toJson() as Record<string, unknown>);
    const file = `${name(chart)}${app.outputFileExtension}`;
    writeFileSync(join(app.outdir, file), stringifyManifests(manifests), { encoding: 'utf8' });
    result.push({ file, chart, apiObjects, manifests });
  }
  return result;
}

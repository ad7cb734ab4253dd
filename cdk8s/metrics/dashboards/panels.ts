/** Panel building blocks shared by every dashboard: Prometheus queries, time series and stat panels. */
import { createHash } from 'node:crypto';
import { DashboardBuilder, DashboardCursorSync, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { datasource } from './datasources.js';

export interface Query {
  readonly expr: string;
  /** @default - Grafana's default (the series labels) */
  readonly legend?: string;
}

function targets(queries: readonly Query[]): DataqueryBuilder[] {
  return queries.map((q, i) => {
    const target = new DataqueryBuilder().expr(q.expr).refId(String.fromCharCode(65 + i)).datasource(datasource('prometheus'));
    return q.legend ? target.legendFormat(q.legend) : target;
  });
}

export interface PanelOptions {
  /** Grafana unit id, e.g. `percentunit`, `bytes`, `reqps`, `s`. */
  readonly unit: string;
  /** Width in grid columns (24 = full width). @default 12 */
  readonly span?: number;
  /** @default 8 */
  readonly height?: number;
  /** @default - none */
  readonly description?: string;
  /** @default - automatic */
  readonly max?: number;
}

/** A time series panel over Prometheus queries. */
export function timeseries(title: string, queries: readonly Query[], options: PanelOptions): TimeseriesBuilder {
  const panel = new TimeseriesBuilder()
    .title(title)
    .datasource(datasource('prometheus'))
    .unit(options.unit)
    .span(options.span ?? 12)
    .height(options.height ?? 8)
    .fillOpacity(10)
    .min(0);
  for (const t of targets(queries)) panel.withTarget(t);
  if (options.description) panel.description(options.description);
  if (options.max !== undefined) panel.max(options.max);
  return panel;
}

/** A single-value panel over one Prometheus query. */
export function stat(title: string, query: Query, options: PanelOptions): StatBuilder {
  const panel = new StatBuilder()
    .title(title)
    .datasource(datasource('prometheus'))
    .unit(options.unit)
    .span(options.span ?? 6)
    .height(options.height ?? 4);
  for (const t of targets([query])) panel.withTarget(t);
  if (options.description) panel.description(options.description);
  return panel;
}

/** A template variable whose values are one label's values on a Prometheus series. */
export function labelVariable(name: string, label: string, series: string): QueryVariableBuilder {
  const query = `label_values(${series}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(datasource('prometheus'))
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

/** A dashboard with the stack's common settings: fixed uid, tags, UTC, shared crosshair, read-only. */
export function dashboard(uid: string, title: string, tags: readonly string[]): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .tags(['observability-platform', ...tags])
    .timezone('utc')
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .readonly();
}

/** Grafana limits uids to 40 characters; longer names keep a prefix and a short hash so uids stay unique. */
export function dashboardUid(prefix: string, name: string): string {
  const uid = `${prefix}-${name}`;
  if (uid.length <= 40) return uid;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

/** A built dashboard model with its uid and the folder Grafana shows it in. */
export interface DashboardFile {
  readonly uid: string;
  readonly folder: string;
  readonly model: Dashboard;
}

/** `{label_a="x", label_b=~"y"}` from matcher strings, skipping empty ones. */
export function matchers(...parts: readonly string[]): string {
  return `{${parts.filter((p) => p !== '').join(', ')}}`;
}

/** Grafana's grid is 24 columns wide. */
export const GRID_COLUMNS = 24;

interface GridPanel {
  gridPos?: { x: number; y: number; w: number; h: number };
}

/**
 * Lays the panels out left to right in their order, starting a new row when a panel does not fit in what is left of
 * the current one (the SDK's builder places a full-width panel after a half-width one at x 12, past the grid's edge).
 */
export function reflowGrid(file: DashboardFile): DashboardFile {
  const panels = (file.model.panels ?? []) as GridPanel[];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const panel of panels) {
    const pos = panel.gridPos;
    if (!pos) continue;
    const w = Math.min(pos.w, GRID_COLUMNS);
    if (x + w > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    panel.gridPos = { ...pos, x, y, w };
    x += w;
    rowHeight = Math.max(rowHeight, pos.h);
  }
  return file;
}

/**
 * Every catalog service with an availability objective on one page: objective, error budget left and burn rates,
 * from the SLO recording rules the alerting chart writes for each of them (cdk8s/alerting/slo/burn-rate.ts), which
 * carry `service`, `namespace` and `team`. One table row per service, so 1,000 services still make one small
 * dashboard; the windows and the paging/ticket factors come from the same constants as the alerts.
 */
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TextBuilder } from '@grafana/grafana-foundation-sdk/text';
import type { Service } from '../../../config/sections/services.js';
import { FAST_BURN, SLO_WINDOWS, SLOW_BURN, servicesWithSlo, type SloWindow } from '../../alerting/slo/burn-rate.js';
import { datasource } from './datasources.js';
import { dashboard, type DashboardFile, stat, timeseries } from './panels.js';

/** The recording rules this dashboard reads (names as burn-rate.ts records them). */
export const SLO_OVERVIEW_RECORDS = {
  errorRatio: (window: SloWindow) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  budget: 'slo:error_budget:ratio',
} as const;

/** The longest recorded window: the budget left is measured over it. */
export const BUDGET_WINDOW: SloWindow = SLO_WINDOWS[SLO_WINDOWS.length - 1]!;

/** The burn-rate windows shown per service: the long window of every alert condition, in alert order. */
export const BURN_COLUMNS: readonly SloWindow[] = [...new Set([...FAST_BURN, ...SLOW_BURN].map((w) => w.long))];

const burn = (w: SloWindow) => `${SLO_OVERVIEW_RECORDS.errorRatio(w)} / ${SLO_OVERVIEW_RECORDS.budget}`;
const budgetLeft = `1 - ${burn(BUDGET_WINDOW)}`;
const fastPage = FAST_BURN[0]!;

interface Column {
  readonly name: string;
  readonly expr: string;
  readonly unit: string;
}

function sloTable(columns: readonly Column[]): TableBuilder {
  const table = new TableBuilder()
    .title('Error budget per service')
    .description(
      `One row per service with an objective. Budget left = 1 - error ratio over ${BUDGET_WINDOW} / (1 - objective); below 0 the budget is spent. Burn rate 1 spends the budget exactly over the SLO period; the page fires at ${fastPage.factor} over ${fastPage.long}.`,
    )
    .datasource(datasource('prometheus'))
    .span(24)
    .height(12);
  columns.forEach((c, i) => {
    table.withTarget(
      new DataqueryBuilder()
        .expr(c.expr)
        .refId(String.fromCharCode(65 + i))
        .datasource(datasource('prometheus'))
        .format(PromQueryFormat.Table)
        .instant(),
    );
    table.overrideByName(c.name, [{ id: 'unit', value: c.unit }]);
  });
  // one row per series labels (service, namespace, team), one column per query
  table.withTransformation({ id: 'merge', options: {} });
  table.withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true },
      renameByName: Object.fromEntries(columns.map((c, i) => [`Value #${String.fromCharCode(65 + i)}`, c.name])),
    },
  });
  return table;
}

/**
 * @param services the service catalog; the dashboard covers the entries with `slo`
 */
export function sloOverviewDashboard(services: readonly Service[]): DashboardFile {
  const withSlo = servicesWithSlo(services);
  const builder = dashboard('platform-slo-overview', 'SLO overview', ['slo'])
    .description(`Availability objectives of the ${withSlo.length} catalog services that set services[].slo.`);
  if (withSlo.length === 0) {
    builder.withPanel(
      new TextBuilder()
        .title('No objectives')
        .datasource(datasource('prometheus'))
        .content('No catalog service sets `slo.availability`. Add `slo: { availability: 99.9 }` to a service in `config/environments/<env>.yaml` and run `npm run synth`.')
        .span(24)
        .height(4),
    );
  } else {
    const reporting = stat('Services reporting an objective', { expr: `count(${SLO_OVERVIEW_RECORDS.objective})` }, {
      unit: 'none',
      span: 8,
      description: `${withSlo.length} in the catalog; fewer means SLO rule groups are not loaded.`,
    }).thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: 'red' },
        { value: withSlo.length, color: 'green' },
      ]),
    );
    builder
      .withPanel(reporting)
      .withPanel(stat(`Budget spent (${BUDGET_WINDOW})`, { expr: `count(${budgetLeft} <= 0) or vector(0)` }, { unit: 'none', span: 8 }))
      .withPanel(
        stat(`Burning fast (> ${fastPage.factor}x over ${fastPage.long})`, { expr: `count(${burn(fastPage.long)} > ${fastPage.factor}) or vector(0)` }, {
          unit: 'none',
          span: 8,
        }),
      )
      .withPanel(
        sloTable([
          { name: 'Objective', expr: SLO_OVERVIEW_RECORDS.objective, unit: 'percentunit' },
          { name: `Budget left (${BUDGET_WINDOW})`, expr: budgetLeft, unit: 'percentunit' },
          ...BURN_COLUMNS.map((w) => ({ name: `Burn rate ${w}`, expr: burn(w), unit: 'short' })),
        ]),
      )
      .withPanel(
        timeseries(`Error budget left (${BUDGET_WINDOW}), lowest 10`, [{ expr: `bottomk(10, ${budgetLeft})`, legend: '{{service}}' }], { unit: 'percentunit' }),
      )
      .withPanel(
        timeseries(`Burn rate ${fastPage.long}, highest 10`, [{ expr: `topk(10, ${burn(fastPage.long)})`, legend: '{{service}}' }], {
          unit: 'short',
          description: `Alerts page at ${FAST_BURN.map((w) => `${w.factor}x (${w.long})`).join(' and ')} and open tickets at ${SLOW_BURN.map((w) => `${w.factor}x (${w.long})`).join(' and ')}.`,
        }),
      );
  }
  const model = builder.build();
  return { uid: model.uid ?? '', folder: 'platform', model };
}

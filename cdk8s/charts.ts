/**
 * The charts of one environment, in apply order. Each chart is one file in `charts-out/<env>/`.
 * Add a concern by adding its chart here.
 */
import type { App } from 'cdk8s';
import type { Environment } from '../config/derive.js';
import { AlertingChart } from './alerting/chart.js';
import { GatewayChart } from './gateway/chart.js';
import { LoggingChart } from './logging/chart.js';
import { MetricsChart } from './metrics/chart.js';
import { PlatformChart } from './platform/chart.js';
import { ServicesChart } from './services/chart.js';

export function addCharts(app: App, env: Environment): void {
  new PlatformChart(app, 'platform', { env });
  new ServicesChart(app, 'services', { env });
  new MetricsChart(app, 'metrics', { env });
  new AlertingChart(app, 'alerting', { env });
  new LoggingChart(app, 'logging', { env });
  new GatewayChart(app, 'gateway', { env });
}

/**
 * The charts of one environment, in apply order. Each chart is one file in `charts-out/<env>/`.
 * Add a concern by adding its chart here.
 */
import type { App } from 'cdk8s';
import type { Environment } from '../../config/derive.js';
import { AlertingChart } from './alerting.js';
import { PlatformChart } from './platform.js';

export function addCharts(app: App, env: Environment): void {
  new PlatformChart(app, 'platform', { env });
  new AlertingChart(app, 'alerting', { env });
}

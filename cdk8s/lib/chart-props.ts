import type { ChartProps } from 'cdk8s';
import type { Environment } from '../../config/derive.js';

/** What every chart of the stack receives. */
export interface StackChartProps {
  /** The validated environment the chart is synthesized for. */
  readonly env: Environment;
}

/** Chart settings shared by every chart: common labels and stable object names (no hash suffixes). */
export function chartProps(env: Environment): ChartProps {
  return { labels: { ...env.commonLabels }, disableResourceNameHashes: true };
}

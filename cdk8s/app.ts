import { App, YamlOutputType } from 'cdk8s';
import type { Environment } from '../config/derive.js';
import { addCharts } from './charts.js';

/** Builds the cdk8s app of one environment; `synth()` writes one `<chart>.k8s.yaml` per chart into `outdir`. */
export function buildK8sApp(env: Environment, outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  addCharts(app, env);
  return app;
}

import { App } from 'cdktf';
import type { Environment } from '../config/derive.js';
import { addStacks } from './stacks/index.js';

/** Builds one cdktf app holding every stack of `envs`; `synth()` writes `<outdir>/stacks/<env>-<stack>/cdk.tf.json`. */
export function buildTfApp(envs: readonly Environment[], outdir: string): App {
  const app = new App({ outdir, stackTraces: false });
  for (const env of envs) addStacks(app, env);
  return app;
}

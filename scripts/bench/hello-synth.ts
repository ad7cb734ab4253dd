/**
 * The floor `npm run bench` compares synthesis against: a bare Node.js process that loads cdk8s and cdktf,
 * synthesizes one trivial chart and one trivial stack into a scratch folder, and exits. Nothing of this repository
 * is loaded, so its wall time is what any cdk8s + cdktf program costs at least.
 *
 *   node scripts/build/run.mjs scripts/bench/hello-synth.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App as K8sApp, Chart } from 'cdk8s';
import { App as TfApp, TerraformOutput, TerraformStack } from 'cdktf';

const out = mkdtempSync(join(tmpdir(), 'hello-synth-'));
try {
  const k8s = new K8sApp({ outdir: join(out, 'charts') });
  const chart = new Chart(k8s, 'hello');
  new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello' }, data: { greeting: 'hello' } });
  k8s.synth();

  const tf = new TfApp({ outdir: join(out, 'tf') });
  const stack = new TerraformStack(tf, 'hello');
  new TerraformOutput(stack, 'greeting', { value: 'hello' });
  tf.synth();
} finally {
  rmSync(out, { recursive: true, force: true });
}

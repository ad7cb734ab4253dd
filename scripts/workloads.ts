/**
 * Helpers for scripts/workloads.sh (kubectl diff/apply of one environment):
 *   npx tsx scripts/workloads.ts manifest <env>   charts-out/<env>/ as one YAML stream in apply order
 *   npx tsx scripts/workloads.ts cluster <env>    "<cluster name> <region>" of the environment, from config
 *   npx tsx scripts/workloads.ts deploy-role <env>  ARN of the service pipelines' deploy role the cluster stack creates
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../config/load.js';
import { serviceDeployRoleArn } from '../contracts/services.js';
import { applyOrder } from './lib/charts-out.js';
import { readManifests } from './lib/validate-manifests.js';

const root = join(import.meta.dirname, '..');
const [command, env] = process.argv.slice(2);
const usage = 'usage: tsx scripts/workloads.ts <manifest|cluster|deploy-role> <env>';

if (!env || !/^[a-z0-9-]+$/.test(env)) {
  process.stderr.write(`workloads: environment name missing or invalid (got ${JSON.stringify(env)})\n${usage}\n`);
  process.exit(2);
}
if (command === 'manifest') {
  const dir = join(root, 'charts-out', env);
  if (!existsSync(dir)) {
    process.stderr.write(`workloads: ${dir} does not exist; run npm run synth (known: config/environments/*.yaml)\n`);
    process.exit(1);
  }
  const objects = applyOrder(readManifests(dir, root));
  if (objects.length === 0) {
    process.stderr.write(`workloads: charts-out/${env}/ holds no objects\n`);
    process.exit(1);
  }
  process.stdout.write(objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
} else if (command === 'cluster' || command === 'deploy-role') {
  try {
    const [environment] = loadEnvironments({ dir: join(root, 'config', 'environments'), only: [env] });
    if (!environment) throw new Error(`no environment ${env}`);
    process.stdout.write(command === 'cluster' ? `${environment.clusterName} ${environment.aws.region}\n` : `${serviceDeployRoleArn(environment)}\n`);
  } catch (error) {
    process.stderr.write(`workloads: ${(error as Error).message}\n`);
    process.exit(1);
  }
} else {
  process.stderr.write(`workloads: unknown command ${JSON.stringify(command)}\n${usage}\n`);
  process.exit(2);
}

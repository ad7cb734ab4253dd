/**
 * `npx tsx ci/terraform-report.ts <env> <report.json>`: after `scripts/terraform.sh <env> all plan`, sums the saved
 * plans of the environment's stacks into GitLab's Terraform report (`{"create":n,"update":n,"delete":n}`,
 * `artifacts:reports:terraform`), shown on the merge request. A plan is the `tfplan` file that `scripts/terraform.sh`
 * saves in `cdktf.out/stacks/<env>-<stack>/`; a stack without one fails the job (the plan did not run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
}

interface PlanJson {
  readonly resource_changes?: readonly { readonly change: { readonly actions: readonly string[] } }[];
}

/** Counts a plan's resource changes the way GitLab's `gitlab-terraform plan-json` does (a replace is both). */
export function countChanges(plan: PlanJson, into: PlanCounts = { create: 0, update: 0, delete: 0 }): PlanCounts {
  for (const { change } of plan.resource_changes ?? []) {
    if (change.actions.includes('create')) into.create += 1;
    if (change.actions.includes('update')) into.update += 1;
    if (change.actions.includes('delete')) into.delete += 1;
  }
  return into;
}

/** The plan file `scripts/terraform.sh <env> <stack> plan` saves in each stack directory. */
export const PLAN_FILE = 'tfplan';

function main(env: string | undefined, out: string | undefined): void {
  if (!env || !out) throw new Error('usage: tsx ci/terraform-report.ts <env> <report.json>');
  const stacksDir = join('cdktf.out', 'stacks');
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).filter((s) => s.startsWith(`${env}-`)).sort() : [];
  if (stacks.length === 0) throw new Error(`terraform-report: no stacks for ${env} in ${stacksDir}; run npm run synth`);
  const counts: PlanCounts = { create: 0, update: 0, delete: 0 };
  for (const stack of stacks) {
    const dir = join(stacksDir, stack);
    if (!existsSync(join(dir, PLAN_FILE))) throw new Error(`terraform-report: no ${PLAN_FILE} in ${dir}; run scripts/terraform.sh ${env} all plan`);
    const json = execFileSync('terraform', [`-chdir=${dir}`, 'show', '-json', PLAN_FILE], { encoding: 'utf8', maxBuffer: 1 << 28 });
    countChanges(JSON.parse(json) as PlanJson, counts);
  }
  writeFileSync(out, `${JSON.stringify(counts)}\n`);
  process.stdout.write(`terraform-report: ${env}: ${stacks.length} stacks, ${JSON.stringify(counts)}\n`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    main(process.argv[2], process.argv[3]);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

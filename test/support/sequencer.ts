/**
 * Test-file order for vitest: the files that run real tools for tens of seconds start first, so on a 2-core machine
 * the two workers do not end with one long file running alone. vitest's own order (longest first from the results
 * of a previous run, else the largest file first) stays the order of everything else; CI has no previous results.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, from measured runs (seconds on a loaded 2-core machine in the comment). */
export const HEAVY_FIRST: readonly string[] = [
  'test/templates/gitlab-ci-local.test.ts', // gitlab-ci-local runs lint, test and promote:dev (~90 s)
  'test/ci/local-pipeline.test.ts', // gitlab-ci-local over a clone of HEAD (~54 s)
  'test/alerting/rules.test.ts', // promtool unit tests (~39 s)
  'test/examples/sample-service.test.ts', // the sample's node:test suites (~30 s)
  'test/ci/service-scripts.test.ts', // ~35 s
  'test/config/bad-input.test.ts', // ~31 s
  'test/imports.test.ts', // cdk8s import (~21 s)
];

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = HEAVY_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return i === -1 ? HEAVY_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files outside the list keep vitest's order.
    return [...base].sort((a, b) => rank(a) - rank(b));
  }
}

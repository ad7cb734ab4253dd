/**
 * Generates the typed CRD bindings (`imports/`) with `cdk8s import`, one run per pinned bundle: each bundle (one
 * upstream project) is concatenated into `<workDir>/.crds/<bundle>.bundle.yaml`, the files cdk8s.yaml lists.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CRD_BUNDLES, CRDS_DIR, REPO_ROOT } from './crds.js';

/** The bundle files cdk8s.yaml must list, in order. */
export const BUNDLE_FILES = CRD_BUNDLES.map((b) => `.crds/${b.folder}.bundle.yaml`);

/** Writes the bundles under `workDir` and runs `cdk8s import` there into `outputDir` (emptied first). */
export function generateImports(outputDir: string, workDir: string = REPO_ROOT): string[] {
  const listed = (parse(readFileSync(join(REPO_ROOT, 'cdk8s.yaml'), 'utf8')) as { imports: string[] }).imports;
  if (JSON.stringify(listed) !== JSON.stringify(BUNDLE_FILES)) {
    throw new Error(`import: cdk8s.yaml imports must be exactly ${BUNDLE_FILES.join(', ')}`);
  }
  mkdirSync(join(workDir, '.crds'), { recursive: true });
  for (const bundle of CRD_BUNDLES) {
    const parts = bundle.files.map((f) => readFileSync(join(CRDS_DIR, bundle.folder, f.name), 'utf8').replace(/^---\n/, ''));
    writeFileSync(join(workDir, '.crds', `${bundle.folder}.bundle.yaml`), `${parts.join('\n---\n')}\n`);
  }
  mkdirSync(outputDir, { recursive: true });
  for (const f of readdirSync(outputDir).filter((f) => f.endsWith('.ts'))) rmSync(join(outputDir, f));
  writeFileSync(join(workDir, 'cdk8s.yaml'), readFileSync(join(REPO_ROOT, 'cdk8s.yaml')));
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'), ['import', '--output', outputDir, '--no-check-upgrade'], {
    cwd: workDir,
    stdio: 'pipe',
  });
  return readdirSync(outputDir).filter((f) => f.endsWith('.ts')).sort();
}

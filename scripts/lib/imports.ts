/**
 * Generates the typed CRD bindings (`imports/`) with `cdk8s import`, one run per pinned bundle: each bundle (one
 * upstream project) is concatenated into `<workDir>/.crds/<bundle>.bundle.yaml`, the files cdk8s.yaml lists, keeping
 * only the CRDs of `IMPORTED_KINDS`, so imports/ holds bindings for the kinds the code uses and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CRD_BUNDLES, CRDS_DIR, REPO_ROOT } from './crds.js';

/** The bundle file of one pinned set. */
const bundleFile = (folder: string) => `.crds/${folder}.bundle.yaml`;

/**
 * The CRD kinds the cdk8s code builds, by API group: the one list to edit when a construct needs another kind
 * (then run `npm run import`). A group becomes one module `imports/<group>.ts`.
 */
export const IMPORTED_KINDS: Readonly<Record<string, readonly string[]>> = {
  'monitoring.coreos.com': ['Alertmanager', 'PodMonitor', 'Prometheus', 'PrometheusRule', 'ServiceMonitor'],
  'elasticsearch.k8s.elastic.co': ['Elasticsearch'],
  'kibana.k8s.elastic.co': ['Kibana'],
  'logstash.k8s.elastic.co': ['Logstash'],
  'beat.k8s.elastic.co': ['Beat'],
  'external-secrets.io': ['ClusterSecretStore', 'ExternalSecret', 'SecretStore'],
  'gateway.networking.k8s.io': ['BackendTLSPolicy', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ReferenceGrant'],
  'gateway.envoyproxy.io': ['BackendTrafficPolicy', 'ClientTrafficPolicy', 'EnvoyProxy', 'SecurityPolicy'],
};

interface CrdHeader {
  kind?: string;
  spec?: { group?: string; names?: { kind?: string } };
}

/** The documents of a CRD file whose group and kind are listed (the text of each kept as it is). */
function selectCrds(text: string, found: Set<string>): string[] {
  return parseAllDocuments(text)
    .filter((doc) => {
      const crd = doc.toJS() as CrdHeader | null;
      const group = crd?.spec?.group;
      const kind = crd?.spec?.names?.kind;
      if (crd?.kind !== 'CustomResourceDefinition' || !group || !kind || !IMPORTED_KINDS[group]?.includes(kind)) return false;
      found.add(`${group}/${kind}`);
      return true;
    })
    .map((doc) => text.slice(doc.range[0], doc.range[2]));
}

/** Writes the bundles under `workDir` and runs `cdk8s import` there into `outputDir` (emptied first). */
export function generateImports(outputDir: string, workDir: string = REPO_ROOT): string[] {
  mkdirSync(join(workDir, '.crds'), { recursive: true });
  const found = new Set<string>();
  // One bundle per pinned set that defines an imported kind (a set the code builds nothing of gets no module).
  const bundles: string[] = [];
  for (const bundle of CRD_BUNDLES) {
    const parts = bundle.files.flatMap((f) => selectCrds(readFileSync(join(CRDS_DIR, bundle.folder, f.name), 'utf8'), found));
    if (parts.length === 0) continue;
    bundles.push(bundleFile(bundle.folder));
    writeFileSync(join(workDir, bundleFile(bundle.folder)), `${parts.map((p) => p.replace(/\n+$/, '')).join('\n---\n')}\n`);
  }
  const listed = (parse(readFileSync(join(REPO_ROOT, 'cdk8s.yaml'), 'utf8')) as { imports: string[] }).imports;
  if (JSON.stringify(listed) !== JSON.stringify(bundles)) {
    throw new Error(`import: cdk8s.yaml imports must be exactly ${bundles.join(', ')} (the pinned sets that define a kind of IMPORTED_KINDS)`);
  }
  const missing = Object.entries(IMPORTED_KINDS).flatMap(([group, kinds]) => kinds.map((k) => `${group}/${k}`)).filter((k) => !found.has(k));
  if (missing.length > 0) {
    throw new Error(`import: IMPORTED_KINDS lists ${missing.join(', ')}, which no pinned CRD defines; fix the list in scripts/lib/imports.ts`);
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

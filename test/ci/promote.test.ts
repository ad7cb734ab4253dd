/**
 * scripts/promote.ts, run as a process (`npm run promote` runs the same file): it edits exactly the service's image
 * value(s) in a copy of the environment files, keeps every other byte, prints the diff and the merge request body, and
 * rejects bad input with a clear message, no stack trace and no write.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { promote, unifiedDiff } from '../../scripts/lib/promote.js';
import { REPO_ROOT, scratchRoot } from '../support/repo.js';
import { tsEntry } from '../support/run-ts.js';
import { ENVIRONMENT_NAMES } from '../support/envs.js';

const DIGEST = `sha256:${'3f'.repeat(32)}`;
const OLD = `sha256:${'0'.repeat(64)}`;
/** A sample-api entry as the services issue writes it, with an aligned trailing comment to keep. */
const SAMPLE_ENTRY = [
  '  - name: sample-api',
  '    namespace: sample',
  '    team: platform          # owns the sample',
  '    image:',
  '      repository: sample-api',
  '      tag: "0.1.0"',
  `      digest: ${OLD}`,
  '',
].join('\n');

/** A scratch config folder whose dev file also lists sample-api (inserted before the first catalog entry). */
function scratch(): { dir: string; dev: string; before: string } {
  const { configDir } = scratchRoot();
  const dev = join(configDir, 'dev.yaml');
  const text = readFileSync(dev, 'utf8');
  const at = text.indexOf('  - name: ', text.indexOf('\nservices:'));
  // dev's own sample-api entry (flow-style image) gives way to SAMPLE_ENTRY, which the cases below are written for.
  const start = text.indexOf('  - name: sample-api\n');
  const end = start < 0 ? -1 : text.slice(start + 1).search(/\n(  - name: |\S)/);
  const base = start < 0 ? text : `${text.slice(0, start)}${text.slice(start + 1 + end + 1)}`;
  const before = `${base.slice(0, at)}${SAMPLE_ENTRY}${base.slice(at)}`;
  writeFileSync(dev, before);
  return { dir: configDir, dev, before };
}

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(...tsEntry('scripts/promote.ts', args), {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Lines that differ between two texts of the same length in lines (or every line when the lengths differ). */
function changedLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length !== y.length) return [`line count ${x.length} → ${y.length}`];
  return y.flatMap((line, i) => (line === x[i] ? [] : [`${i + 1}: ${x[i]} → ${line}`]));
}

describe('npm run promote', () => {
  it('changes exactly the digest line of the service, prints the diff and keeps the file loadable', () => {
    const { dir, dev, before } = scratch();
    const res = run(['--config', dir, '--env', 'dev', '--service', 'sample-api', '--digest', DIGEST]);
    expect(res.status, res.stderr).toBe(0);
    const after = readFileSync(dev, 'utf8');
    const changed = changedLines(before, after);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(new RegExp(`digest: ${OLD} → {7}digest: ${DIGEST}$`));
    expect(res.stdout).toContain(`-      digest: ${OLD}\n+      digest: ${DIGEST}\n`);
    expect(res.stdout).toMatch(/^--- a\/config\/environments\/dev\.yaml\n\+\+\+ b\/config\/environments\/dev\.yaml\n@@ -\d+,7 \+\d+,7 @@/);
    expect(res.stderr).toContain('1 value(s) changed in config/environments/dev.yaml: services[sample-api].image.digest');
    const parsed = parse(after) as { services: { name: string; image?: { digest?: string; tag?: string } }[] };
    expect(parsed.services.find((s) => s.name === 'sample-api')?.image).toEqual({ repository: 'sample-api', tag: '0.1.0', digest: DIGEST });
    // The other environments are untouched.
    expect(readFileSync(join(dir, 'prod.yaml'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'config', 'environments', 'prod.yaml'), 'utf8'));
  });

  it('also sets the tag when given, keeping its quoting, and nothing else', () => {
    const { dir, dev, before } = scratch();
    const res = run(['--config', dir, '--env', 'dev', '--service', 'sample-api', '--digest', DIGEST, '--tag', '0.1.2']);
    expect(res.status, res.stderr).toBe(0);
    expect(changedLines(before, readFileSync(dev, 'utf8'))).toEqual([
      expect.stringMatching(/tag: "0\.1\.0" → {7}tag: "0\.1\.2"$/),
      expect.stringMatching(/digest: sha256:0+ → {7}digest: sha256:(3f){32}$/),
    ]);
  });

  it('--dry-run prints the same diff and writes nothing; --mr-body writes the title and the Markdown body', () => {
    const { dir, dev, before } = scratch();
    const body = join(dir, 'mr.md');
    const res = run(['--config', dir, '--env', 'dev', '--service', 'sample-api', '--digest', DIGEST, '--dry-run', '--mr-body', body, '--source', 'pipeline 42']);
    expect(res.status, res.stderr).toBe(0);
    expect(readFileSync(dev, 'utf8')).toBe(before);
    expect(res.stdout).toBe(unifiedDiff('config/environments/dev.yaml', before, promote(before, 'dev.yaml', { service: 'sample-api', digest: DIGEST }).text));
    const [title, , ...rest] = readFileSync(body, 'utf8').split('\n');
    expect(title).toBe('Promote sample-api to dev: (3f3f3f3f3f3f)');
    const markdown = rest.join('\n');
    expect(markdown).toContain(`| \`services[sample-api].image.digest\` | \`${OLD}\` | \`${DIGEST}\` |`);
    expect(markdown).toContain('Built and scanned by pipeline 42.');
    expect(markdown).toContain(`\`\`\`diff\n${res.stdout.trimEnd()}\n\`\`\``);
  });

  it('creates image.digest for a catalog entry that has no image yet (before the schema knows it)', () => {
    const { dir } = scratch();
    // prod's catalog entries are monitoring-only (deploy: false) and have no image yet.
    const dev = join(dir, 'prod.yaml');
    const before = readFileSync(dev, 'utf8');
    const res = run(['--config', dir, '--env', 'prod', '--service', 'catalog', '--digest', DIGEST]);
    expect(res.status, res.stderr).toBe(0);
    const after = readFileSync(dev, 'utf8');
    expect(res.stdout).toContain(`     slo: { availability: 99.5 }\n+    image:\n+      digest: ${DIGEST}\n`);
    // Exactly two lines added, none changed.
    expect(after.split('\n').length).toBe(before.split('\n').length + 2);
    expect(after.replace(`    image:\n      digest: ${DIGEST}\n`, '')).toBe(before);
    const parsed = parse(after) as { services: { name: string; slo?: unknown; image?: unknown }[] };
    expect(parsed.services.find((s) => s.name === 'catalog')).toMatchObject({ slo: { availability: 99.5 }, image: { digest: DIGEST } });
  });

  it('adds a digest to a flow-style image map in place', () => {
    const text = 'services:\n  - name: api\n    namespace: a\n    image: { repository: api, tag: "1.0.0" }   # pinned\n';
    const out = promote(text, 'x.yaml', { service: 'api', digest: DIGEST });
    expect(out.text).toBe(`services:\n  - name: api\n    namespace: a\n    image: { repository: api, tag: "1.0.0", digest: ${DIGEST} }   # pinned\n`);
  });

  it('reports no change when the environment already runs the digest', () => {
    const { dir, dev, before } = scratch();
    const res = run(['--config', dir, '--env', 'dev', '--service', 'sample-api', '--digest', OLD]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('already has sample-api at');
    expect(readFileSync(dev, 'utf8')).toBe(before);
  });

  it('--show prints the entry\'s namespace and image as dotenv lines', () => {
    const { dir } = scratch();
    const res = run(['--config', dir, '--env', 'dev', '--service', 'sample-api', '--show']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe(`SERVICE_NAMESPACE=sample\nSERVICE_REPOSITORY=sample-api\nSERVICE_TAG=0.1.0\nSERVICE_DIGEST=${OLD}\n`);
  });

  it.each([
    ['a digest without its algorithm', ['--service', 'sample-api', '--digest', '3f'.repeat(32)], /--digest: "3f3f[0-9a-f]*" is not an image digest; expected sha256: followed by 64 lowercase hex/],
    ['an uppercase digest', ['--service', 'sample-api', '--digest', `sha256:${'AB'.repeat(32)}`], /--digest: "sha256:ABAB.*" is not an image digest/],
    ['a short digest', ['--service', 'sample-api', '--digest', 'sha256:abc'], /--digest: "sha256:abc" is not an image digest/],
    ['an unknown service', ['--service', 'nope', '--digest', DIGEST], /dev\.yaml: services: no service named "nope"; known: sample-api, checkout, catalog\. Add its catalog entry/],
    ['an unknown environment', ['--service', 'sample-api', '--digest', DIGEST, '--env', 'no-such-env'], new RegExp(`--env: unknown environment "no-such-env" \\(no .*no-such-env\\.yaml\\); known: ${[...ENVIRONMENT_NAMES].sort().join(', ')}$`, 'm')],
    ['a malformed tag', ['--service', 'sample-api', '--digest', DIGEST, '--tag', 'bad/tag'], /--tag: "bad\/tag" is not a valid image tag/],
  ])('rejects %s with a clear message, no stack trace and no write', (_, args, message) => {
    const { dir, dev, before } = scratch();
    const env = args.includes('--env') ? [] : ['--env', 'dev'];
    const res = run(['--config', dir, ...env, ...args]);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).toMatch(/^promote: /);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stdout).toBe('');
    expect(readFileSync(dev, 'utf8')).toBe(before);
  });

  it('rejects a missing argument with the usage line (exit 2)', () => {
    const res = run(['--env', 'dev', '--service', 'sample-api']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('usage: npm run promote -- --env <env> --service <name>');
  });

  it('is wired as the npm script `promote`', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.promote).toBe('tsx scripts/promote.ts');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySources } from '../../scripts/bench/lib.js';
import { cacheKey, ensureBuilt } from '../../scripts/build/cache.mjs';
import { REPO_ROOT, tempDir, treeContents } from '../support/repo.js';

/** A small project: an entry importing a module from another folder, and a JSON file. */
function fixture(): string {
  const root = tempDir('build-cache-');
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'src', 'main.ts'), "import { greeting } from '../lib/greeting.js';\nimport data from './data.json' with { type: 'json' };\nconsole.log(greeting(data.name), import.meta.dirname);\n");
  writeFileSync(join(root, 'src', 'data.json'), '{ "name": "world" }\n');
  writeFileSync(join(root, 'lib', 'greeting.ts'), 'export const greeting = (name: string): string => `hello ${name}`;\n');
  return root;
}

function run(bundle: string): string {
  const result = spawnSync(process.execPath, [bundle], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.trim();
}

describe('build cache', () => {
  it('builds once, then reuses the bundle while no input changes', async () => {
    const root = fixture();
    const first = await ensureBuilt('src/main.ts', { root });
    expect(first.built).toBe(true);
    // import.meta.dirname is the source folder, not the cache folder.
    expect(run(first.bundle)).toBe(`hello world ${join(root, 'src')}`);
    const second = await ensureBuilt('src/main.ts', { root });
    expect(second).toEqual({ ...first, built: false });
  });

  it('rebuilds when an imported source, a JSON input or package-lock.json changes', async () => {
    const root = fixture();
    const { key } = await ensureBuilt('src/main.ts', { root });

    writeFileSync(join(root, 'lib', 'greeting.ts'), 'export const greeting = (name: string): string => `hi ${name}`;\n');
    const afterSource = await ensureBuilt('src/main.ts', { root });
    expect(afterSource.built).toBe(true);
    expect(afterSource.key).not.toBe(key);
    expect(run(afterSource.bundle)).toMatch(/^hi world /);

    writeFileSync(join(root, 'src', 'data.json'), '{ "name": "moon" }\n');
    const afterJson = await ensureBuilt('src/main.ts', { root });
    expect(afterJson.built).toBe(true);
    expect(run(afterJson.bundle)).toMatch(/^hi moon /);

    writeFileSync(join(root, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    const afterLock = await ensureBuilt('src/main.ts', { root });
    expect(afterLock.built).toBe(true);
    expect(afterLock.key).not.toBe(afterJson.key);
  });

  it('rebuilds when a file appears in a source folder, and when a new folder is imported', async () => {
    const root = fixture();
    const { key } = await ensureBuilt('src/main.ts', { root });
    // A .js next to the .ts could change what `../lib/greeting.js` resolves to.
    writeFileSync(join(root, 'lib', 'greeting.js'), 'export const greeting = () => "shadowed";\n');
    const shadowed = await ensureBuilt('src/main.ts', { root });
    expect(shadowed.built).toBe(true);
    expect(shadowed.key).not.toBe(key);
    rmSync(join(root, 'lib', 'greeting.js'));

    mkdirSync(join(root, 'contracts'));
    writeFileSync(join(root, 'contracts', 'names.ts'), "export const NAME = 'contracts';\n");
    writeFileSync(join(root, 'src', 'main.ts'), "import { NAME } from '../contracts/names.js';\nconsole.log(NAME);\n");
    const moved = await ensureBuilt('src/main.ts', { root });
    expect(run(moved.bundle)).toBe('contracts');
    writeFileSync(join(root, 'contracts', 'names.ts'), "export const NAME = 'changed';\n");
    const changed = await ensureBuilt('src/main.ts', { root });
    expect(changed.built).toBe(true);
    expect(run(changed.bundle)).toBe('changed');
  });

  it('treats a deleted input as a miss and reports a broken import with the file', async () => {
    const root = fixture();
    const { key } = await ensureBuilt('src/main.ts', { root });
    const manifest = JSON.parse(readFileSync(join(root, '.cache', 'build', 'src__main.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs).toEqual(['lib/greeting.ts', 'src/data.json', 'src/main.ts']);
    expect(cacheKey(root, manifest.inputs)).toBe(key);
    rmSync(join(root, 'lib', 'greeting.ts'));
    expect(cacheKey(root, manifest.inputs)).toBeUndefined();
    await expect(ensureBuilt('src/main.ts', { root })).rejects.toThrow(/cannot bundle src\/main\.ts\n.*src\/main\.ts:1:/);
  });

  it('runs a bundle with a V8 code cache that is filled on the first run and used on the next', () => {
    const root = fixture();
    const cacheModule = join(REPO_ROOT, 'scripts', 'build', 'cache.mjs');
    const script = `const { runCached } = await import(${JSON.stringify(cacheModule)}); await runCached('src/main.ts', [], { root: ${JSON.stringify(root)} });`;
    const runIt = () => spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const first = runIt();
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(`hello world ${join(root, 'src')}`);
    const codeCache = readdirSync(join(root, '.cache', 'build')).find((n) => n.startsWith('v8-'));
    expect(codeCache).toBe(`v8-${process.version}-${process.arch}`);
    const entries = readdirSync(join(root, '.cache', 'build', codeCache ?? ''));
    expect(entries.length).toBeGreaterThan(0);
    const second = runIt();
    expect(second.stdout).toBe(first.stdout);
    expect(readdirSync(join(root, '.cache', 'build', codeCache ?? ''))).toEqual(entries);
  });

  it('runs `npm run synth` from the bundle: the same bytes as the committed charts-out/, cold and warm', () => {
    const root = tempDir('synth-bundle-');
    copySources(REPO_ROOT, root);
    rmSync(join(root, 'charts-out'), { recursive: true, force: true });
    const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.synth;
    expect(script).toBe('node scripts/build/run.mjs scripts/synth.ts');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.BUILD_CACHE_DIR;
    const synth = () => spawnSync(process.execPath, ['scripts/build/run.mjs', 'scripts/synth.ts'], { cwd: root, env, encoding: 'utf8' });

    const cold = synth();
    expect(cold.stderr).toBe('');
    expect(cold.status).toBe(0);
    expect(readdirSync(join(root, '.cache', 'build'))).toContain('scripts__synth.json');
    expect(treeContents(join(root, 'charts-out'))).toEqual(treeContents(join(REPO_ROOT, 'charts-out')));

    // An edit to a copied source reaches the next run (no stale bundle).
    const load = join(root, 'config', 'load.ts');
    expect(existsSync(load)).toBe(true);
    const before = readFileSync(join(root, '.cache', 'build', 'scripts__synth.json'), 'utf8');
    writeFileSync(load, `${readFileSync(load, 'utf8')}\nprocess.stdout.write('edited source\\n');\n`);
    const warm = synth();
    expect(warm.status).toBe(0);
    expect(warm.stdout).toContain('edited source');
    expect(readFileSync(join(root, '.cache', 'build', 'scripts__synth.json'), 'utf8')).not.toBe(before);
    expect(treeContents(join(root, 'charts-out'))).toEqual(treeContents(join(REPO_ROOT, 'charts-out')));
  });
});

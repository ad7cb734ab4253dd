// @ts-check
/**
 * A content-addressed build cache for the TypeScript entry points (`npm run synth`, `npm run bench`).
 *
 * Running TypeScript through a loader transpiles every imported module, the generated CRD bindings under
 * `imports/` included, on every start. Instead the entry is bundled once with esbuild (npm packages stay external
 * and load from `node_modules/` as usual) into `.cache/build/<key>/`, and later runs import that bundle with
 * plain `node`. The key is a SHA-256 over everything the output depends on:
 *
 * - the content of every repository file the bundle was built from (esbuild reports them; new folders such as
 *   `contracts/` are covered as soon as an entry imports them, because the importing file changes);
 * - the names of the files in each folder holding such a file (a new file that could change how an import
 *   resolves, such as a `.js` next to a `.ts`, changes the key);
 * - `package-lock.json`, `tsconfig.json`, this file, and the repository's absolute path (the bundle refers to
 *   source folders by absolute path, see below).
 *
 * A build writes `<entry>.json` (inputs and key) next to the bundles. A later start hashes the listed inputs again;
 * any difference (a changed, deleted or added file) rebuilds, so the cache never serves stale output. The bundle is
 * written to a temporary name and renamed into place, so a crashed or concurrent build never leaves half a file.
 *
 * `import.meta.dirname`, `import.meta.filename` and `import.meta.url` in repository sources are replaced by the
 * source file's own values, so code that locates files next to itself (e.g. `config/environments/`) behaves as it
 * does when run from source.
 *
 * CommonJS bundles also get a V8 code cache (compile-cache.mjs) under the same folder.
 *
 * This file is JavaScript (type-checked with `// @ts-check`) because it has to run before any TypeScript can.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enableCompileCache, pruneCompileCache } from './compile-cache.mjs';

/** The repository this file belongs to. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files outside the import graph that still change what a build produces. */
const EXTRA_KEY_FILES = ['package-lock.json', 'tsconfig.json'];

/** Bundles of an entry older than this, other than the current one, are removed after a build. */
const PRUNE_AFTER_MS = 10 * 60 * 1000;

/**
 * @typedef {object} CacheOptions
 * @property {string} [root] Repository root (default: the repository holding this file).
 * @property {string} [cacheDir] Where bundles and manifests go (default: `$BUILD_CACHE_DIR`, else `<root>/.cache/build`).
 */

/**
 * @typedef {object} Manifest
 * @property {string} key
 * @property {string} entry Entry path relative to the root.
 * @property {string} bundle Bundle path relative to the cache folder.
 * @property {string[]} inputs Repository files the bundle was built from, relative to the root, sorted.
 */

/**
 * @typedef {object} BuildResult
 * @property {string} bundle Absolute path of the bundle to import.
 * @property {string} key
 * @property {boolean} built Whether this call built it (false: reused from the cache).
 */

/** @param {CacheOptions} options */
function locate(options) {
  const root = resolve(options.root ?? REPO_ROOT);
  const cacheDir = resolve(root, options.cacheDir ?? process.env.BUILD_CACHE_DIR ?? join('.cache', 'build'));
  return { root, cacheDir };
}

/** `scripts/synth.ts` → `scripts__synth`: one manifest per entry. @param {string} entry */
function slug(entry) {
  return entry.replace(/\.[cm]?[jt]s$/, '').split(/[\\/]/).join('__');
}

/** Path relative to the root with forward slashes. @param {string} root @param {string} path */
function rel(root, path) {
  return relative(root, path).split(sep).join('/');
}

/**
 * The cache key for a set of inputs. Reads each input from `contents` when given (what the build actually saw),
 * otherwise from disk; a missing input yields `undefined` (the cached bundle cannot be trusted).
 * @param {string} root
 * @param {readonly string[]} inputs relative to the root
 * @param {ReadonlyMap<string, string | Uint8Array>} [contents]
 * @returns {string | undefined}
 */
export function cacheKey(root, inputs, contents) {
  const hash = createHash('sha256');
  /** @param {string} label @param {string | Uint8Array} data */
  const add = (label, data) => {
    hash.update(`${label}\0${Buffer.byteLength(data)}\0`);
    hash.update(data);
  };
  add('root', root);
  add('builder', readFileSync(fileURLToPath(import.meta.url)));
  for (const file of EXTRA_KEY_FILES) {
    const path = join(root, file);
    add(`extra:${file}`, existsSync(path) ? readFileSync(path) : '');
  }
  const folders = new Set();
  for (const input of [...inputs].sort()) {
    const known = contents?.get(input);
    let data;
    if (known !== undefined) data = known;
    else {
      try {
        data = readFileSync(join(root, input));
      } catch {
        return undefined;
      }
    }
    add(`input:${input}`, data);
    folders.add(dirname(input));
  }
  for (const folder of [...folders].sort()) {
    let names;
    try {
      names = readdirSync(join(root, folder)).sort();
    } catch {
      return undefined;
    }
    add(`folder:${folder}`, names.join('\n'));
  }
  return hash.digest('hex');
}

/** @param {string} path @returns {Manifest | undefined} */
function readManifest(path) {
  try {
    const parsed = /** @type {Manifest} */ (JSON.parse(readFileSync(path, 'utf8')));
    return typeof parsed.key === 'string' && Array.isArray(parsed.inputs) && typeof parsed.bundle === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so readers see the old or the new file, never half of one. @param {string} path @param {string | Uint8Array} data */
function writeAtomic(path, data) {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/** The trailing source-map comment esbuild writes (spelled in two parts so this file's own bundle has no such line). */
const MAP_COMMENT_START = '//# source' + 'MappingURL=';
const MAP_COMMENT = new RegExp(`${MAP_COMMENT_START.replace(/[/#]/g, '\\$&')}\\S+\\s*$`);

const IMPORT_META = /\bimport\.meta\.(dirname|filename|url)\b/g;

/** @param {string} path @returns {'ts' | 'js' | 'json'} */
function loaderFor(path) {
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (path.endsWith('.json')) return 'json';
  return 'js';
}

/**
 * Bundles `entry` unless an up-to-date bundle is cached; returns the bundle's path.
 * @param {string} entry Entry file, relative to the root or absolute.
 * @param {CacheOptions} [options]
 * @returns {Promise<BuildResult>}
 */
export async function ensureBuilt(entry, options = {}) {
  const { root, cacheDir } = locate(options);
  const entryPath = isAbsolute(entry) ? entry : join(root, entry);
  const entryRel = rel(root, entryPath);
  if (!existsSync(entryPath)) throw new Error(`build: entry ${entryRel} does not exist under ${root}`);
  const manifestPath = join(cacheDir, `${slug(entryRel)}.json`);

  const previous = readManifest(manifestPath);
  if (previous && previous.entry === entryRel) {
    const bundle = join(cacheDir, previous.bundle);
    if (existsSync(bundle) && cacheKey(root, previous.inputs) === previous.key) return { bundle, key: previous.key, built: false };
  }

  const esbuild = await import('esbuild');
  /** @type {Map<string, string>} */
  const seen = new Map();
  /** @type {import('esbuild').Plugin} */
  const sourcePaths = {
    name: 'source-paths',
    setup(build) {
      build.onLoad({ filter: /\.([cm]?[jt]s|json)$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const relPath = rel(root, args.path);
        if (relPath.startsWith('..') || relPath.split('/').includes('node_modules')) return undefined;
        seen.set(relPath, source);
        const values = { dirname: dirname(args.path), filename: args.path, url: pathToFileURL(args.path).href };
        const contents = source.replace(IMPORT_META, (_, prop) => JSON.stringify(values[/** @type {keyof typeof values} */ (prop)]));
        return { contents, loader: loaderFor(args.path), resolveDir: dirname(args.path) };
      });
    },
  };
  /** @param {'cjs' | 'esm'} format */
  const bundleAs = (format) =>
    esbuild.build({
      absWorkingDir: root,
      entryPoints: [entryPath],
      bundle: true,
      write: false,
      platform: 'node',
      format,
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      outdir: cacheDir,
      entryNames: '[name]',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourcePaths],
    });
  /** @param {unknown} error */
  const messagesOf = (error) => /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors ?? [];
  // CommonJS output loads the npm packages (jsii packages, CommonJS themselves) with require(), which skips the
  // export scan Node runs for every CommonJS module imported from ESM. Entries with top-level await need ESM.
  let format = /** @type {'cjs' | 'esm'} */ ('cjs');
  const result = await bundleAs('cjs')
    .catch((/** @type {unknown} */ error) => {
      if (!messagesOf(error).some((m) => /top-level await/i.test(m.text))) throw error;
      format = 'esm';
      return bundleAs('esm');
    })
    .catch((/** @type {unknown} */ error) => {
      const text = messagesOf(error).map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`);
      throw new Error(`build: cannot bundle ${entryRel}\n${text.join('\n') || String(error)}`);
    });

  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => rel(root, resolve(root, p)))
    .filter((p) => !p.startsWith('..') && !p.split('/').includes('node_modules'))
    .sort();
  const key = cacheKey(root, inputs, seen);
  if (key === undefined) throw new Error(`build: an input of ${entryRel} disappeared while bundling; run the command again`);

  const folder = join(cacheDir, key);
  mkdirSync(folder, { recursive: true });
  const name = `${slug(entryRel)}.${format === 'cjs' ? 'cjs' : 'mjs'}`;
  for (const file of result.outputFiles) {
    const base = file.path.endsWith('.map') ? `${name}.map` : name;
    const text = file.path.endsWith('.map') ? relocateMap(file.text, dirname(file.path), folder) : file.text.replace(MAP_COMMENT, `${MAP_COMMENT_START}${name}.map\n`);
    writeAtomic(join(folder, base), text);
  }
  /** @type {Manifest} */
  const manifest = { key, entry: entryRel, bundle: `${key}/${name}`, inputs };
  writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  prune(cacheDir, slug(entryRel), key);
  pruneCompileCache(cacheDir);
  return { bundle: join(folder, name), key, built: true };
}

/**
 * Source paths in a map are relative to where esbuild meant to write it; the bundle goes one folder deeper.
 * @param {string} text @param {string} from @param {string} to
 */
function relocateMap(text, from, to) {
  const map = /** @type {{ sources: string[] }} */ (JSON.parse(text));
  map.sources = map.sources.map((s) => relative(to, resolve(from, s)).split(sep).join('/'));
  return JSON.stringify(map);
}

/**
 * Removes this entry's older bundles. Recent ones stay: another process may be about to import one.
 * @param {string} cacheDir @param {string} base bundle name without extension @param {string} current
 */
function prune(cacheDir, base, current) {
  const now = Date.now();
  for (const dir of readdirSync(cacheDir, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === current || dir.name.startsWith('v8-')) continue;
    for (const ext of ['cjs', 'mjs']) {
      const bundle = join(cacheDir, dir.name, `${base}.${ext}`);
      try {
        if (now - statSync(bundle).mtimeMs < PRUNE_AFTER_MS) continue;
        rmSync(bundle, { force: true });
        rmSync(`${bundle}.map`, { force: true });
      } catch {
        // Not this entry's bundle, or already gone.
      }
    }
    try {
      if (readdirSync(join(cacheDir, dir.name)).length === 0) rmSync(join(cacheDir, dir.name), { recursive: true, force: true });
    } catch {
      // Already gone.
    }
  }
}

/**
 * Builds (or reuses) `entry` and runs it in this process, with `process.argv` as if `node <entry> ...args` had
 * been run.
 * @param {string} entry @param {readonly string[]} args @param {CacheOptions} [options]
 */
export async function runCached(entry, args, options = {}) {
  const { root } = locate(options);
  const { bundle } = await ensureBuilt(entry, options);
  process.argv = [process.argv[0] ?? process.execPath, isAbsolute(entry) ? entry : join(root, entry), ...args];
  // The bundle links its source map; `NODE_OPTIONS=--enable-source-maps` maps stack traces to the TypeScript
  // sources. It is off by default: reading the map costs more than a tenth of the start-up.
  if (bundle.endsWith('.cjs')) {
    enableCompileCache(locate(options).cacheDir);
    createRequire(import.meta.url)(bundle);
  }
  else await import(pathToFileURL(bundle).href);
}

// @ts-check
/**
 * A V8 code cache for the CommonJS modules a cached bundle loads (the bundle itself and the jsii packages under
 * `node_modules/`, several megabytes of JavaScript that V8 would otherwise parse and compile on every start).
 *
 * On Node.js 22.1+ this is `module.enableCompileCache()`. Node.js 20 has no such switch, so there each CommonJS
 * module is compiled through `vm.Script` with the cached data stored for it, keyed by a hash of its path and its
 * source: a changed file gets a new entry and V8 rejects data that does not fit, so the cache only ever saves time.
 * New entries are written when the process exits, after the functions that ran have been compiled.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/**
 * @typedef {{ exports: unknown, require: (id: string) => unknown }} CjsModule
 * @typedef {(this: CjsModule, content: string, filename: string) => unknown} Compile
 * @typedef {{
 *   prototype: { _compile: Compile },
 *   wrap: (content: string) => string,
 *   _resolveFilename: (request: string, parent: CjsModule, isMain: boolean, options?: unknown) => string,
 *   _extensions: unknown,
 *   _cache: unknown,
 *   enableCompileCache?: (dir: string) => unknown,
 * }} ModuleInternals
 */

let enabled = false;

/** Entries older than this are removed when a bundle is rebuilt (a cache hit does not refresh them). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Removes stale code-cache entries; called after a rebuild, when old bundles' entries stop being used. @param {string} dir */
export function pruneCompileCache(dir) {
  const now = Date.now();
  for (const name of readdirSafe(dir)) {
    if (!name.startsWith('v8-')) continue;
    for (const entry of readdirSafe(join(dir, name))) {
      const file = join(dir, name, entry);
      try {
        if (now - statSync(file).mtimeMs > MAX_AGE_MS) rmSync(file, { force: true });
      } catch {
        // Already gone.
      }
    }
  }
}

/** @param {string} dir @returns {string[]} */
function readdirSafe(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Turns the code cache on for this process (once), storing it under `dir`. @param {string} dir */
export function enableCompileCache(dir) {
  if (enabled) return;
  enabled = true;
  const internals = /** @type {ModuleInternals} */ (/** @type {unknown} */ (Module));
  const target = join(dir, `v8-${process.version}-${process.arch}`);
  if (typeof internals.enableCompileCache === 'function') {
    internals.enableCompileCache(target);
    return;
  }
  mkdirSync(target, { recursive: true });
  /** @type {[string, vm.Script][]} */
  const pending = [];

  const original = internals.prototype._compile;
  /** @type {Compile} */
  const compileWithCache = function (content, filename) {
    // A script compiled through vm has no loader for `import()`; leave modules that may call it to Node.
    if (content.includes('import(')) return original.call(this, content, filename);
    const key = createHash('sha1').update(filename).update('\0').update(content).digest('hex');
    const file = join(target, key);
    /** @type {Buffer | undefined} */
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    /** @type {vm.ScriptOptions} */
    const options = { filename, cachedData };
    // The wrapper puts the source inside a function, where a `#!` line is a syntax error: keep the line, not the text.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(internals.wrap(source), options);
    if (cachedData === undefined || script.cachedDataRejected) pending.push([file, script]);
    const wrapper = /** @type {(...args: unknown[]) => unknown} */ (script.runInThisContext({ displayErrors: true }));
    const mod = this;
    /** @param {string} id */
    const require = (id) => mod.require(id);
    /** @param {string} request @param {unknown} [opts] */
    require.resolve = (request, opts) => internals._resolveFilename(request, mod, false, opts);
    require.main = process.mainModule;
    require.extensions = internals._extensions;
    require.cache = internals._cache;
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, dirname(filename));
  };
  internals.prototype._compile = compileWithCache;

  process.once('exit', () => {
    for (const [file, script] of pending) {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, file);
      } catch {
        // A cache entry that cannot be written is only a slower next start.
      }
    }
  });
}

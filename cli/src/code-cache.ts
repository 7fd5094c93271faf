/**
 * Loads a CommonJS bundle file as `require` would, through V8's code cache: compiling the run bundle
 * (≈160 KB) is ≈5 ms of every `flowforge run` start, and a cached compilation skips most of it.
 * The cache lives in the user's cache directory, one file per bundle content, Node version and
 * architecture. The content key matters: V8 checks a cache against the engine and flags but against
 * the source only by its length, so a rebuilt or upgraded bundle of the same length would run the old
 * bytecode (a test shows it). The key is a hash of the bundle taken at build time (scripts/bundle.mjs),
 * so start-up pays no hashing. Every failure here only costs the speed-up, never the command.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

/** The directory of the code caches: $XDG_CACHE_HOME/flowforge/code-cache or ~/.cache/flowforge/code-cache. */
export function codeCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache');
  return path.join(base, 'flowforge', 'code-cache');
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // first run with this Node version, or no cache directory: compile normally
  }
}

/** The cache file of `file` with content `contentKey` under this Node version and architecture. */
function codeCacheFile(file: string, cacheDir: string, contentKey: string): string {
  if (!/^[\w-]+$/.test(contentKey)) throw new Error(`code cache key must be letters, digits, - or _: ${contentKey}`);
  return path.join(cacheDir, `${path.basename(file)}-${contentKey}-${process.version}-${process.arch}.v8cache`);
}

/** Removes caches of earlier contents of the same bundle: only the newest is ever read again. */
function removeStaleCaches(cacheFile: string, bundleName: string): void {
  const dir = path.dirname(cacheFile);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${bundleName}-`) && name.endsWith('.v8cache') && name !== path.basename(cacheFile)) {
      try {
        unlinkSync(path.join(dir, name));
      } catch {
        // another process removed it first
      }
    }
  }
}

function writeCache(file: string, data: Buffer, bundleName: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
    removeStaleCaches(file, bundleName);
  } catch {
    // A read-only home or a full disk: the next start compiles again, nothing else changes.
  }
}

/** A module loaded through the code cache, and how to refresh its cache. */
export interface CachedLoad {
  exports: unknown;
  /** Whether V8 compiled from the cache (false on the first run, or when the cache was stale or corrupt). */
  usedCache: boolean;
  /** Writes a fresh cache when there was none usable; call it late, once the module's code has run. */
  saveCache(): void;
}

/** How Node's module wrapper begins: a file that starts with it is compiled as it is. */
const WRAPPER_START = wrap('').slice(0, wrap('').lastIndexOf('{') + 1);

/**
 * Loads `file` (a CommonJS module) with its compilation cached under `cacheDir`. `contentKey` must
 * change whenever the file's content does (a hash of it): V8 would accept a cache of other content.
 * A file written already wrapped (as `module.wrap` does; scripts/bundle.mjs does so for the run
 * bundle) is compiled without the ≈1 ms copy that wrapping a large source at start-up costs.
 */
export function loadWithCodeCache(file: string, cacheDir: string, contentKey: string): CachedLoad {
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(file, cacheDir, contentKey);
  const cachedData = readCache(cacheFile);
  const code = source.startsWith(WRAPPER_START) ? source : wrap(source);
  const script = new Script(code, { filename: file, cachedData });
  const compiled: unknown = script.runInThisContext();
  if (typeof compiled !== 'function') throw new Error(`${file} did not compile to a module wrapper`);
  const module = { exports: {} as unknown };
  compiled.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  const usedCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    exports: module.exports,
    usedCache,
    saveCache() {
      if (!usedCache) writeCache(cacheFile, script.createCachedData(), path.basename(file));
    },
  };
}

/** Requires `file` through the code cache; a fresh cache is written at exit, holding what the command ran. */
export function requireWithCodeCache(file: string, cacheDir: string, contentKey: string): unknown {
  const load = loadWithCodeCache(file, cacheDir, contentKey);
  process.once('exit', () => {
    load.saveCache();
  });
  return load.exports;
}

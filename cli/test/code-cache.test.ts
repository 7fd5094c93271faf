/** The run bundle's V8 code cache (src/code-cache.ts), each load in a fresh process as at a real start. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, useTempDir } from './harness.js';

const CODE_CACHE = path.join(REPO_ROOT, 'cli/dist/bundle/code-cache.cjs');
const cacheName = (key: string): string => `answer.cjs-${key}-${process.version}-${process.arch}.v8cache`;
const CACHE_NAME = cacheName('k1');
/** The module's source; `value` of another length would not test what V8 misses. */
const answerSource = (value: string): string =>
  `'use strict';\nconst { join } = require('node:path');\nmodule.exports = { answer: () => join('a', String(${value})), file: __filename };\n`;

const { dir } = useTempDir();
const moduleFile = path.join(dir, 'answer.cjs');
beforeAll(() => {
  writeFileSync(moduleFile, answerSource('6 * 7'));
});

/** Loads the module through the code cache in a new node process; returns what it saw. */
function loadInProcess(
  cacheDir: string,
  key = 'k1',
  file = moduleFile,
): { usedCache: boolean; answer: string; file: string } {
  const script = `const { loadWithCodeCache } = require(${JSON.stringify(CODE_CACHE)});
const load = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, ${JSON.stringify(key)});
process.stdout.write(JSON.stringify({ usedCache: load.usedCache, answer: load.exports.answer(), file: load.exports.file }));
load.saveCache();`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`load failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { usedCache: boolean; answer: string; file: string };
}

describe('code cache', () => {
  it('loads a CommonJS module like require, then compiles from the cache it wrote', () => {
    const cacheDir = path.join(dir, 'cache-a');
    expect(loadInProcess(cacheDir)).toEqual({ usedCache: false, answer: path.join('a', '42'), file: moduleFile });
    expect(readdirSync(cacheDir)).toEqual([CACHE_NAME]);
    expect(statSync(path.join(cacheDir, CACHE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadInProcess(cacheDir)).toEqual({ usedCache: true, answer: path.join('a', '42'), file: moduleFile });
  });

  it('never runs the code of an earlier content of the same length: the content key decides', () => {
    const cacheDir = path.join(dir, 'cache-c');
    try {
      expect(loadInProcess(cacheDir, 'k1').answer).toBe(path.join('a', '42'));
      expect(loadInProcess(cacheDir, 'k1').usedCache).toBe(true);
      // Same length, other content: V8 alone would accept the old cache and answer 42.
      writeFileSync(moduleFile, answerSource('6 * 8'));
      expect(loadInProcess(cacheDir, 'k2')).toMatchObject({ usedCache: false, answer: path.join('a', '48') });
      // The new content's cache replaces the old one, and is used from then on.
      expect(readdirSync(cacheDir)).toEqual([cacheName('k2')]);
      expect(loadInProcess(cacheDir, 'k2')).toMatchObject({ usedCache: true, answer: path.join('a', '48') });
    } finally {
      writeFileSync(moduleFile, answerSource('6 * 7'));
    }
  });

  it('loads a file stored already in the module wrapper (the run bundle) the same way', () => {
    const wrappedFile = path.join(dir, 'wrapped.cjs');
    writeFileSync(wrappedFile, Module.wrap(answerSource('6 * 7')));
    const cacheDir = path.join(dir, 'cache-d');
    expect(loadInProcess(cacheDir, 'k1', wrappedFile)).toEqual({
      usedCache: false,
      answer: path.join('a', '42'),
      file: wrappedFile,
    });
    expect(loadInProcess(cacheDir, 'k1', wrappedFile)).toMatchObject({ usedCache: true, answer: path.join('a', '42') });
  });

  it('ignores a corrupt cache and replaces it', () => {
    const cacheDir = path.join(dir, 'cache-b');
    mkdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, CACHE_NAME), 'not a V8 code cache');
    expect(loadInProcess(cacheDir)).toMatchObject({ usedCache: false, answer: path.join('a', '42') });
    expect(readFileSync(path.join(cacheDir, CACHE_NAME), 'utf8')).not.toBe('not a V8 code cache');
    expect(loadInProcess(cacheDir).usedCache).toBe(true);
  });

  it('works without a writable cache directory, only slower', () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const cacheDir = path.join(blocker, 'cache');
    expect(loadInProcess(cacheDir)).toMatchObject({ usedCache: false, answer: path.join('a', '42') });
    expect(loadInProcess(cacheDir).usedCache).toBe(false);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowForgeError } from '../errors.js';
import { isBusyError, openStore } from './sqlite-store.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-lock-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("openStore under another connection's lock", () => {
  it('opens an up-to-date file without waiting for the write lock', () => {
    const path = join(dir, 'flowforge.db');
    openStore(path).close();
    const blocker = new Database(path);
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      const startedAt = performance.now();
      // The old default busy timeout: opening must not spend it on a migration check.
      const store = openStore(path, { busyTimeoutMs: 5000 });
      expect(performance.now() - startedAt).toBeLessThan(1000);
      expect(store.listRuns({ limit: 1 })).toEqual([]);
      store.close();
    } finally {
      blocker.close();
    }
  });
});

describe('isBusyError', () => {
  it('recognises SQLITE_BUSY and SQLITE_LOCKED, also as the cause of a FlowForgeError', () => {
    expect(isBusyError({ code: 'SQLITE_BUSY' })).toBe(true);
    expect(isBusyError({ code: 'SQLITE_LOCKED_SHAREDCACHE' })).toBe(true);
    expect(isBusyError(new FlowForgeError('STORE_OPEN_FAILED', 'x', { cause: { code: 'SQLITE_BUSY' } }))).toBe(true);
    expect(isBusyError({ code: 'SQLITE_FULL' })).toBe(false);
    expect(isBusyError(null)).toBe(false);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
import { openStore } from '../adapters/sqlite-store.js';
import { openRunStore } from './run-store.js';

let dir: string;

const run = newRun('r1');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-run-store-lock-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openRunStore with the database locked by another process', () => {
  it('starts the run without waiting for the lock and stores its record once the lock is gone', () => {
    const path = join(dir, 'flowforge.db');
    openStore(path).close();
    const blocker = new Database(path);
    const warnings: string[] = [];
    blocker.exec('BEGIN EXCLUSIVE');
    const startedAt = performance.now();
    // FLOWFORGE_DB_DEFER_MS=0: the store opens and the run is written at once, as the tester ran it.
    const runStore = openRunStore(path, { FLOWFORGE_DB_DEFER_MS: '0' }, (message) => warnings.push(message));
    try {
      runStore.writer.createRun(run, 1);
      runStore.writer.addSample({ runId: 'r1', atMs: 2, cpuPercent: 1, rssBytes: 1, processCount: 1, zombieCount: 0 });
      // A hang guard: the old 5 s busy timeout held the child's start this long.
      expect(performance.now() - startedAt).toBeLessThan(1000);
      expect(runStore.writer.pendingWrites()).toBe(2);
      blocker.exec('COMMIT');
      expect(runStore.finish()).toBe('open');
      const reader = openStore(path, { readonly: true });
      try {
        expect(reader.getRun('r1')).not.toBeNull();
        expect(reader.listSamples('r1')).toHaveLength(1);
      } finally {
        reader.close();
      }
      expect(warnings).toEqual([]);
    } finally {
      blocker.close();
      runStore.close();
    }
  });
});

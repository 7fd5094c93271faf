/** FLOWFORGE_RETENTION: the daemon removes runs that ended longer ago, at start and every hour; off when unset. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/adapters/sqlite-store.js';
import type { Logger } from '../src/api/deps.js';
import { silentLogger } from '../src/daemon/logger.js';
import { createRetention, retentionFromEnv } from '../src/daemon/retention.js';
import { isFlowForgeError } from '../src/errors.js';
import { makeTempDir, startDaemonFor } from './api-helpers.js';
import { newRun } from './store-fixtures.js';

const DAY_MS = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database with a run that ended 40 days ago, one that ended an hour ago, and one still going. */
function seededDb(nowMs: number): string {
  const temp = makeTempDir();
  cleanups.push(temp.remove);
  const dbPath = join(temp.dir, 'ff.db');
  const store = openStore(dbPath);
  store.createRun(newRun('old'), nowMs - 41 * DAY_MS);
  store.updateRun('old', { status: 'exited', endedAtMs: nowMs - 40 * DAY_MS });
  store.createRun(newRun('recent'), nowMs - 2 * 3_600_000);
  store.updateRun('recent', { status: 'exited', endedAtMs: nowMs - 3_600_000 });
  store.createRun(newRun('running'), nowMs - 50 * DAY_MS);
  store.close();
  return dbPath;
}

function runIds(dbPath: string): string[] {
  const store = openStore(dbPath, { readonly: true });
  try {
    return store
      .listRuns({ limit: 10 })
      .map((run) => run.id)
      .sort();
  } finally {
    store.close();
  }
}

describe('retentionFromEnv', () => {
  it('is off when unset or empty, and reads a duration otherwise', () => {
    expect(retentionFromEnv({})).toBeNull();
    expect(retentionFromEnv({ FLOWFORGE_RETENTION: ' ' })).toBeNull();
    expect(retentionFromEnv({ FLOWFORGE_RETENTION: '30d' })).toBe(30 * DAY_MS);
  });

  it.each(['a month', '10m', '-1d'])('refuses %j, naming the variable and what it expects', (raw) => {
    let message = '';
    try {
      retentionFromEnv({ FLOWFORGE_RETENTION: raw });
    } catch (error) {
      if (isFlowForgeError(error, 'CONFIG_INVALID')) message = error.message;
    }
    expect(message).toContain('FLOWFORGE_RETENTION: expected a duration of at least 1h');
  });
});

describe('retention in the daemon', () => {
  it('removes the runs that ended longer ago than FLOWFORGE_RETENTION as it starts', async () => {
    const dbPath = seededDb(Date.now());
    const daemon = await startDaemonFor(dbPath, { FLOWFORGE_RETENTION: '30d' });
    cleanups.push(() => daemon.close());
    expect(runIds(dbPath)).toEqual(['recent', 'running']);
  });

  it('keeps every run when FLOWFORGE_RETENTION is unset', async () => {
    const dbPath = seededDb(Date.now());
    const daemon = await startDaemonFor(dbPath);
    cleanups.push(() => daemon.close());
    expect(runIds(dbPath)).toEqual(['old', 'recent', 'running']);
  });

  it('logs a failing pass and carries on', () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const retention = createRetention({
      store: {
        pruneRuns: () => {
          throw new Error('database is locked');
        },
      },
      logger,
      clock: () => 0,
      retentionMs: DAY_MS,
    });
    expect(() => {
      retention.pass();
    }).not.toThrow();
    expect(warnings).toEqual(['pruning old runs failed; trying again within the hour']);
  });
});

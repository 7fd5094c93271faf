/** The daemon folds the spool files of short `flowforge run`s into its store: at start and every second. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ingestSpool } from '../src/adapters/ingest-spool.js';
import { spoolDirFor, writeSpoolFile } from '../src/adapters/spool-file.js';
import { openStore } from '../src/adapters/sqlite-store.js';
import type { StoreOp } from '../src/adapters/store-ops.js';
import { silentLogger } from '../src/daemon/logger.js';
import { createSpoolFolder } from '../src/daemon/spool-folder.js';
import type { DaemonHandle } from '../src/daemon/start-daemon.js';
import { makeTempDir, startDaemonFor } from './api-helpers.js';
import { newRun } from './store-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDb(): string {
  const temp = makeTempDir();
  cleanups.push(temp.remove);
  return join(temp.dir, 'ff.db');
}

function spoolRun(dbPath: string, runId: string): void {
  const ops: StoreOp[] = [
    { op: 'createRun', run: newRun(runId, { startedAtMs: Date.now() }), atMs: Date.now() },
    { op: 'updateRun', runId, update: { status: 'exited', exitCode: 0, endedAtMs: Date.now() } },
  ];
  writeSpoolFile(
    spoolDirFor(dbPath) ?? '',
    runId,
    ops.map((op) => JSON.stringify(op)),
  );
}

async function startTestDaemon(dbPath: string): Promise<DaemonHandle> {
  const daemon = await startDaemonFor(dbPath);
  cleanups.push(() => daemon.close());
  return daemon;
}

async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the daemon and the spool', () => {
  it('folds the spool in before it serves, and a new spool file within about a second', async () => {
    const dbPath = tempDb();
    spoolRun(dbPath, 'before-start');
    const daemon = await startTestDaemon(dbPath);
    const key = /FLOWFORGE_API_KEY=(\S+)/.exec(readFileSync(join(dbPath, '..', '.flowforge.env'), 'utf8'))?.[1] ?? '';
    const getRun = (id: string) =>
      fetch(`${daemon.url}/v1/runs/${id}`, { headers: { Authorization: `Bearer ${key}` } });
    expect((await getRun('before-start')).status).toBe(200);

    spoolRun(dbPath, 'while-up');
    const spooledAt = Date.now();
    await until(async () => (await getRun('while-up')).status === 200, 'the daemon to fold the new spool file');
    expect(Date.now() - spooledAt).toBeLessThan(3000);
    expect(readdirSync(spoolDirFor(dbPath) ?? '')).toEqual([]);
  });
});

describe('createSpoolFolder', () => {
  it('logs a failing pass once per failure streak, and never throws', () => {
    const dbPath = tempDb();
    openStore(dbPath).close();
    spoolRun(dbPath, 'r1');
    const readonly = openStore(dbPath, { readonly: true });
    cleanups.push(() => {
      readonly.close();
    });
    const logger = { ...silentLogger, warn: vi.fn() };
    const folder = createSpoolFolder({ store: readonly, logger });
    folder.fold();
    folder.fold();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(existsSync(join(spoolDirFor(dbPath) ?? '', 'r1.json'))).toBe(true);

    const writable = openStore(dbPath);
    cleanups.push(() => {
      writable.close();
    });
    expect(ingestSpool(writable).ingested).toEqual(['r1']);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewRun } from '../contract/records.js';
import type { Decision } from '../core/types.js';
import {
  createResilientWriter,
  MAX_BACKLOG_CHARS,
  openStoreOrNull,
  SUPERVISOR_BUSY_TIMEOUT_MS,
} from './resilient-store.js';
import { openStore } from './sqlite-store.js';

let dir: string;

const run: NewRun = {
  id: 'r1',
  name: 'job',
  command: ['x'],
  cwd: '/',
  rollout: 'enforce',
  runKey: 'k',
  enforced: true,
  ownerKind: 'cli',
  ownerPid: 1,
  startedAtMs: 1,
  limits: { maxCpuPercent: 90, maxMemoryBytes: null },
};
const decision: Decision = {
  atMs: 5,
  intended: 'alert',
  taken: 'alert',
  rollout: 'enforce',
  enforced: true,
  findings: [],
  progress: { progressing: false, reasons: [] },
  level: 1,
  reason: 'r',
};
const sample = { runId: 'r1', atMs: 5, cpuPercent: 1, rssBytes: 1, processCount: 1, zombieCount: 0 };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-resilient-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openStoreOrNull', () => {
  it('reports an unwritable path and returns null instead of throwing', () => {
    writeFileSync(join(dir, 'file'), 'not a directory');
    const onFailure = vi.fn();
    expect(openStoreOrNull(join(dir, 'file', 'sub', 'flowforge.db'), onFailure)).toBeNull();
    expect(onFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 'STORE_OPEN_FAILED' }));
  });
});

describe('createResilientWriter', () => {
  it('drops and counts every write without a store', () => {
    const writer = createResilientWriter(null, { onFirstFailure: vi.fn() });
    writer.createRun(run, 1);
    expect(
      writer.addDecision('r1', {
        atMs: 1,
        intended: 'continue',
        taken: 'continue',
        rollout: 'enforce',
        enforced: true,
        findings: [],
        progress: { progressing: true, reasons: [] },
        level: 0,
        reason: '',
      }),
    ).toBeNull();
    expect(writer.pendingCommands(['r1'])).toEqual([]);
    // Writes only: a poll that comes back empty loses nothing.
    expect(writer.droppedWrites()).toBe(2);
  });

  it('warns once and keeps going when the database was closed under it', () => {
    const store = openStore(join(dir, 'a.db'));
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure, retryAfterMs: 0 });
    writer.createRun(run, 1);
    store.close();
    writer.addSample(sample);
    expect(
      writer.appendEvent({ atMs: 1, type: 'protocol.notice', runId: null, incidentId: null, data: {} }),
    ).toBeNull();
    expect(writer.listOwners(0, 1)).toEqual([]);
    expect(onFirstFailure).toHaveBeenCalledTimes(1);
    expect(writer.droppedWrites()).toBe(2);
  });

  it('drops writes to a read-only database', () => {
    openStore(join(dir, 'b.db')).close();
    const readonly = openStore(join(dir, 'b.db'), { readonly: true });
    const onFirstFailure = vi.fn();
    try {
      const writer = createResilientWriter(readonly, { onFirstFailure });
      writer.createRun(run, 1);
      expect(onFirstFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 'SQLITE_READONLY' }));
      expect(writer.droppedWrites()).toBe(1);
    } finally {
      readonly.close();
    }
  });

  it("keeps writes made under another connection's lock, in order, and writes them once it is released", () => {
    const path = join(dir, 'c.db');
    const store = openStore(path, { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS });
    const blocker = new Database(path);
    let nowMs = 0;
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure, retryAfterMs: 1000, now: () => nowMs });
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      const startedAt = performance.now();
      // The run itself is written under the lock: what follows must land after it (foreign keys).
      writer.createRun(run, 1);
      writer.addSample({ ...sample, atMs: 5 });
      expect(writer.addDecision('r1', decision)).toBeNull();
      writer.addSample({ ...sample, atMs: 6 });
      writer.updateRun('r1', { status: 'exited', exitCode: 0, endedAtMs: 9 });
      // A hang guard, not a timing: the old 5 s busy wait would blow it.
      expect(performance.now() - startedAt).toBeLessThan(1000);
      expect(writer.pendingWrites()).toBe(5);
      blocker.exec('COMMIT');
      nowMs = 500; // still backing off: joins the backlog without trying
      writer.addSample({ ...sample, atMs: 7 });
      expect(store.getRun('r1')).toBeNull();
      nowMs = 1500;
      writer.addSample({ ...sample, atMs: 8 });
      expect(writer.pendingWrites()).toBe(0);
      expect(store.listSamples('r1').map((s) => s.atMs)).toEqual([5, 6, 7, 8]);
      expect(store.listDecisions('r1')).toHaveLength(1);
      expect(store.getRun('r1')?.status).toBe('exited');
      expect(writer.droppedWrites()).toBe(0);
      expect(onFirstFailure).not.toHaveBeenCalled();
    } finally {
      blocker.close();
      store.close();
    }
  });

  it('retries a backlog on its own timer when no later write comes', async () => {
    const path = join(dir, 'timer.db');
    const store = openStore(path, { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS });
    const blocker = new Database(path);
    const writer = createResilientWriter(store, { onFirstFailure: vi.fn(), retryAfterMs: 50 });
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      writer.createRun(run, 1);
      expect(writer.pendingWrites()).toBe(1);
      blocker.exec('COMMIT');
      await vi.waitFor(() => {
        expect(store.getRun('r1')).not.toBeNull();
      });
      expect(writer.pendingWrites()).toBe(0);
    } finally {
      blocker.close();
      store.close();
    }
  });

  it("past its bound drops samples and output but keeps the run's own record", () => {
    const path = join(dir, 'bound.db');
    const store = openStore(path, { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS });
    const blocker = new Database(path);
    let nowMs = 0;
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure, now: () => nowMs });
    const bigLine = 'x'.repeat(1024 * 1024);
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      writer.createRun(run, 1);
      const batches = MAX_BACKLOG_CHARS / 2 / bigLine.length + 2;
      for (let i = 0; i < batches; i += 1) writer.addOutput('r1', [{ atMs: i, stream: 'stdout', text: bigLine }]);
      writer.updateRun('r1', { status: 'exited', exitCode: 0, endedAtMs: 9 });
      expect(writer.droppedWrites()).toBeGreaterThan(0);
      expect(onFirstFailure).toHaveBeenCalledTimes(1);
      blocker.exec('COMMIT');
      nowMs = 2000;
      expect(writer.drain(0)).toBe(true);
      expect(store.getRun('r1')?.status).toBe('exited');
    } finally {
      blocker.close();
      store.close();
    }
  });

  it('drain gives up on a lock that outlasts its wait, counts the lost writes and warns once', () => {
    const path = join(dir, 'drain.db');
    const store = openStore(path, { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS });
    const blocker = new Database(path);
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure });
    try {
      blocker.exec('BEGIN EXCLUSIVE');
      writer.createRun(run, 1);
      writer.addSample(sample);
      const startedAt = performance.now();
      expect(writer.drain(100)).toBe(false);
      expect(performance.now() - startedAt).toBeLessThan(2000);
      expect(writer.droppedWrites()).toBe(2);
      expect(writer.pendingWrites()).toBe(0);
      expect(onFirstFailure).toHaveBeenCalledTimes(1);
      expect(onFirstFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
      store.close();
    }
  });

  it('writes queued ops in one transaction, or drops all of them if one fails', () => {
    const store = openStore(join(dir, 'd.db'));
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure, retryAfterMs: 0 });
    try {
      writer.applyOps([
        { op: 'createRun', run, atMs: 1 },
        { op: 'addSample', sample },
      ]);
      expect(store.listSamples('r1')).toHaveLength(1);
      // The second op breaks a foreign key: the first must not be kept either.
      writer.applyOps([
        { op: 'createRun', run: { ...run, id: 'r2' }, atMs: 2 },
        { op: 'addSample', sample: { ...sample, runId: 'no-such-run' } },
      ]);
      expect(store.getRun('r2')).toBeNull();
      expect(writer.droppedWrites()).toBe(2);
      expect(onFirstFailure).toHaveBeenCalledTimes(1);
    } finally {
      store.close();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewRun } from '../contract/records.js';
import { createResilientWriter, openStoreOrNull } from './resilient-store.js';
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
    expect(writer.droppedWrites()).toBe(3);
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
    expect(writer.droppedWrites()).toBe(3);
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

  it('drops writes while another process holds the lock past the busy timeout, then recovers', () => {
    const path = join(dir, 'c.db');
    const store = openStore(path, { busyTimeoutMs: 10 });
    const blocker = new Database(path);
    let nowMs = 0;
    const onFirstFailure = vi.fn();
    const writer = createResilientWriter(store, { onFirstFailure, retryAfterMs: 1000, now: () => nowMs });
    try {
      writer.createRun(run, 1);
      blocker.exec('BEGIN EXCLUSIVE');
      writer.addSample(sample);
      expect(onFirstFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      blocker.exec('COMMIT');
      nowMs = 500;
      writer.addSample(sample);
      expect(store.listSamples('r1')).toEqual([]);
      nowMs = 1500;
      writer.addSample(sample);
      expect(store.listSamples('r1')).toHaveLength(1);
      expect(writer.droppedWrites()).toBe(2);
      expect(onFirstFailure).toHaveBeenCalledTimes(1);
    } finally {
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

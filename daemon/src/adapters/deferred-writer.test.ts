import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
import type { Decision } from '../core/types.js';
import {
  createDeferredWriter,
  MAX_QUEUED_WRITES,
  STORE_OPEN_DEFERRAL_MS,
  type DeferredWriterOptions,
} from './deferred-writer.js';
import { openStore } from './sqlite-store.js';
import type { StoreOp } from './store-ops.js';
import type { Store } from './store.js';

let dir: string;
let dbPath: string;
const opened: Store[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-deferred-'));
  dbPath = join(dir, 'ff.db');
});

afterEach(() => {
  vi.useRealTimers();
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

const decision: Decision = {
  atMs: 1500,
  intended: 'alert',
  taken: 'alert',
  rollout: 'enforce',
  enforced: true,
  findings: [],
  progress: { progressing: false, reasons: [] },
  level: 1,
  reason: 'cpu high',
};

/** A writer over a real store at dbPath, with spy callbacks. */
function makeWriter(over: Partial<DeferredWriterOptions> = {}) {
  const open = vi.fn(() => {
    const store = openStore(dbPath);
    opened.push(store);
    return store;
  });
  const spooled: { runId: string; ops: StoreOp[] }[] = [];
  const spool = vi.fn((runId: string, opsJson: readonly string[]) => {
    spooled.push({ runId, ops: JSON.parse(`[${opsJson.join(',')}]`) as StoreOp[] });
  });
  const onFirstFailure = vi.fn();
  const writer = createDeferredWriter({ deferMs: STORE_OPEN_DEFERRAL_MS, open, spool, onFirstFailure, ...over });
  return { writer, open, spool, spooled, onFirstFailure };
}

/** The start of a run as the supervisor writes it. */
function writeStart(writer: ReturnType<typeof makeWriter>['writer'], runId = 'r1'): void {
  writer.createRun(newRun(runId), 1000);
  writer.appendEvent({ atMs: 1001, type: 'run.config', runId, incidentId: null, data: { profile: 'standard' } });
  writer.registerOwner({ id: 'o1', pid: 4242, kind: 'cli', hostname: 'h', atMs: 1002 });
  writer.updateRun(runId, { status: 'running', childPid: 77 });
}

function readBack(): Store {
  const store = openStore(dbPath, { readonly: true });
  opened.push(store);
  return store;
}

describe('createDeferredWriter', () => {
  it('queues plain writes without opening the store until the deferral has passed, then writes them in order', () => {
    vi.useFakeTimers();
    const { writer, open } = makeWriter();
    writeStart(writer);
    writer.addOutput('r1', [{ atMs: 1100, stream: 'stdout', text: 'hello' }]);
    vi.advanceTimersByTime(STORE_OPEN_DEFERRAL_MS - 1);
    expect(open).not.toHaveBeenCalled();
    expect(writer.isOpen()).toBe(false);

    vi.advanceTimersByTime(1);
    expect(open).toHaveBeenCalledTimes(1);
    const store = readBack();
    expect(store.getRun('r1')).toMatchObject({ status: 'running', childPid: 77, ownerPid: 4242 });
    expect(store.listOutput('r1').map((line) => line.text)).toEqual(['hello']);
    const types = store
      .listTimeline({ limit: 100 })
      .reverse()
      .map((event) => event.type);
    expect(types).toEqual(['run.started', 'run.config', 'owner.registered', 'run.output']);
  });

  it('writes straight through once the store is open', () => {
    vi.useFakeTimers();
    const { writer } = makeWriter();
    writeStart(writer);
    vi.advanceTimersByTime(STORE_OPEN_DEFERRAL_MS);
    writer.updateRun('r1', { status: 'exited', exitCode: 4 });
    expect(readBack().getRun('r1')).toMatchObject({ status: 'exited', exitCode: 4 });
  });

  it('opens the store at once for a decision, after writing what was queued before it', () => {
    const { writer, open } = makeWriter({ deferMs: 60_000 });
    writeStart(writer);
    expect(writer.addDecision('r1', decision)).toMatchObject({ runId: 'r1', taken: 'alert' });
    expect(open).toHaveBeenCalledTimes(1);
    const store = readBack();
    expect(store.listDecisions('r1')).toHaveLength(1);
    expect(store.getRun('r1')?.childPid).toBe(77);
  });

  it('opens the store at once for command and owner queries, but not for a poll of pending commands', () => {
    const { writer, open } = makeWriter({ deferMs: 60_000 });
    writeStart(writer);
    expect(writer.pendingCommands(['r1'])).toEqual([]);
    expect(open).not.toHaveBeenCalled();
    expect(writer.listOwners(2000, 1000).map((owner) => owner.id)).toEqual(['o1']);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('opens the store once the queue reaches its cap', () => {
    const { writer, open } = makeWriter({ deferMs: 60_000 });
    writeStart(writer);
    for (let i = 0; open.mock.calls.length === 0 && i < MAX_QUEUED_WRITES; i += 1) {
      writer.heartbeatOwner('o1', 2000 + i);
    }
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('keeps what a write said when it was made, even if the caller changes its objects later', () => {
    const { writer, spooled } = makeWriter({ deferMs: 60_000 });
    writeStart(writer);
    const lines = [{ atMs: 1100, stream: 'stdout' as const, text: 'first' }];
    writer.addOutput('r1', lines);
    lines[0] = { atMs: 1200, stream: 'stdout', text: 'changed' };
    writer.finish();
    expect(spooled[0]?.ops.find((op) => op.op === 'addOutput')).toMatchObject({ lines: [{ text: 'first' }] });
  });

  it('spools the queue of a run that ended before the deferral, without opening the store', () => {
    const { writer, open, spooled } = makeWriter();
    writeStart(writer);
    writer.updateRun('r1', { status: 'exited', exitCode: 0, endedAtMs: 1050 });
    writer.markOwnerGone('o1', 1060);
    expect(writer.finish()).toBe('spooled');
    expect(open).not.toHaveBeenCalled();
    expect(spooled).toHaveLength(1);
    expect(spooled[0]?.runId).toBe('r1');
    expect(spooled[0]?.ops.map((op) => op.op)).toEqual([
      'createRun',
      'appendEvent',
      'registerOwner',
      'updateRun',
      'updateRun',
      'markOwnerGone',
    ]);
  });

  it('spools nothing for a run whose store was opened', () => {
    vi.useFakeTimers();
    const { writer, spool } = makeWriter();
    writeStart(writer);
    vi.advanceTimersByTime(STORE_OPEN_DEFERRAL_MS);
    expect(writer.finish()).toBe('open');
    expect(spool).not.toHaveBeenCalled();
  });

  it('writes to SQLite when the spool file cannot be written', () => {
    const { writer, open, onFirstFailure } = makeWriter({
      spool: () => {
        throw new Error('EROFS');
      },
    });
    writeStart(writer);
    expect(writer.finish()).toBe('written');
    expect(open).toHaveBeenCalledTimes(1);
    expect(onFirstFailure).not.toHaveBeenCalled();
    expect(readBack().getRun('r1')?.status).toBe('running');
  });

  it('drops the record, counted, when neither the spool nor SQLite can be written', () => {
    const { writer } = makeWriter({
      spool: () => {
        throw new Error('EROFS');
      },
      open: () => null,
    });
    writeStart(writer);
    expect(writer.finish()).toBe('dropped');
    expect(writer.droppedWrites()).toBe(4);
  });

  it('opens the store at once with a deferral of 0', () => {
    const { writer, open } = makeWriter({ deferMs: 0 });
    expect(open).toHaveBeenCalledTimes(1);
    writeStart(writer);
    expect(readBack().getRun('r1')).not.toBeNull();
    expect(writer.finish()).toBe('open');
  });

  it('reports an open that throws once and runs on without a store', () => {
    const { writer, onFirstFailure } = makeWriter({
      deferMs: 0,
      open: () => {
        throw new Error('boom');
      },
    });
    writeStart(writer);
    expect(onFirstFailure).toHaveBeenCalledTimes(1);
    expect(writer.droppedWrites()).toBe(4);
  });

  describe('live marker', () => {
    function withMarker() {
      const events: string[] = [];
      const written: StoreOp[][] = [];
      const made = makeWriter({
        marker: {
          afterMs: 100,
          write: (runId, opsJson) => {
            events.push(`write ${runId}`);
            written.push(JSON.parse(`[${opsJson.join(',')}]`) as StoreOp[]);
          },
          remove: (runId) => events.push(`remove ${runId}`),
        },
      });
      return { ...made, events, written };
    }

    it('is written with the writes so far once the run is older than afterMs, and removed when the store opens', () => {
      vi.useFakeTimers();
      const { writer, events, written } = withMarker();
      writeStart(writer);
      vi.advanceTimersByTime(99);
      expect(events).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(events).toEqual(['write r1']);
      expect(written[0]?.map((op) => op.op)).toEqual(['createRun', 'appendEvent', 'registerOwner', 'updateRun']);
      vi.advanceTimersByTime(STORE_OPEN_DEFERRAL_MS);
      expect(events).toEqual(['write r1', 'remove r1']);
      expect(readBack().getRun('r1')?.childPid).toBe(77);
    });

    it('is removed once the run is in its spool file', () => {
      vi.useFakeTimers();
      const { writer, events, spooled } = withMarker();
      writeStart(writer);
      vi.advanceTimersByTime(500);
      expect(writer.finish()).toBe('spooled');
      expect(spooled).toHaveLength(1);
      expect(events).toEqual(['write r1', 'remove r1']);
    });

    it('is never written for a run shorter than afterMs', () => {
      vi.useFakeTimers();
      const { writer, events } = withMarker();
      writeStart(writer);
      vi.advanceTimersByTime(50);
      expect(writer.finish()).toBe('spooled');
      vi.advanceTimersByTime(STORE_OPEN_DEFERRAL_MS);
      expect(events).toEqual([]);
    });

    it('costs only itself when it cannot be written', () => {
      vi.useFakeTimers();
      const { writer, spooled } = makeWriter({
        marker: {
          afterMs: 100,
          write: () => {
            throw new Error('disk full');
          },
          remove: () => {
            throw new Error('never written, never removed');
          },
        },
      });
      writeStart(writer);
      vi.advanceTimersByTime(200);
      expect(writer.finish()).toBe('spooled');
      expect(spooled).toHaveLength(1);
    });
  });
});

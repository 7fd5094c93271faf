/**
 * A store wrapper for the supervisor: a failing write (disk full, lock held past the busy timeout,
 * unwritable or closed file) never throws into the run. It warns once, drops the write, counts it,
 * and after a failure skips writes for retryAfterMs so a locked file cannot stall every tick for
 * the whole busy timeout.
 */
import type { CommandQueue, OwnerRegistry, RunWriter, StoreTransactions } from './store.js';
import type { CommandRecord, DecisionRecord, OwnerRecord, RunRecord } from '../contract/records.js';
import { openStore, type OpenStoreOptions } from './sqlite-store.js';
import type { Store } from './store.js';
import { applyStoreOp, type StoreOp } from './store-ops.js';

/** The part of the store a resilient writer writes to. */
export type WritableStore = RunWriter & CommandQueue & OwnerRegistry & StoreTransactions;

/** The writer half of the store with every failure turned into a dropped (counted) write. */
export interface ResilientWriter {
  createRun: RunWriter['createRun'];
  updateRun: RunWriter['updateRun'];
  addSample: RunWriter['addSample'];
  addOutput: RunWriter['addOutput'];
  addDecision(...args: Parameters<RunWriter['addDecision']>): DecisionRecord | null;
  closeIncident: RunWriter['closeIncident'];
  appendEvent(...args: Parameters<RunWriter['appendEvent']>): number | null;
  enqueueCommand(...args: Parameters<CommandQueue['enqueueCommand']>): CommandRecord | null;
  pendingCommands(runIds: readonly string[]): CommandRecord[];
  ackCommand: CommandQueue['ackCommand'];
  getCommand(id: number): CommandRecord | null;
  registerOwner: OwnerRegistry['registerOwner'];
  heartbeatOwner: OwnerRegistry['heartbeatOwner'];
  markOwnerGone: OwnerRegistry['markOwnerGone'];
  listOwners(nowMs: number, staleAfterMs: number): OwnerRecord[];
  runsOfOwner(ownerId: string): RunRecord[];
  /** Writes queued ops in one transaction; if it fails, all of them are dropped (and counted). */
  applyOps(ops: readonly StoreOp[]): void;
  /** Calls dropped so far (failed, skipped while backing off, or no store at all). */
  droppedWrites(): number;
  /** The last failure, if any. */
  lastError(): unknown;
}

/** Options of createResilientWriter. */
export interface ResilientWriterOptions {
  /** Called once, on the first failure (print a warning; the run goes on). */
  onFirstFailure(err: unknown): void;
  /** After a failure, drop calls without trying for this long (default 1000). */
  retryAfterMs?: number;
  now?: () => number;
}

/** Wraps the store's writes so that storage trouble never throws into or stalls the supervisor. */
export function createResilientWriter(store: WritableStore | null, options: ResilientWriterOptions): ResilientWriter {
  const now = options.now ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  let dropped = 0;
  let warned = false;
  let failedAtMs: number | null = null;
  let last: unknown = null;

  /** Calls `call`, or drops it: `writes` is how many writes a drop loses. */
  function guard<T>(fallback: T, call: (s: WritableStore) => T, writes = 1): T {
    if (store === null || (failedAtMs !== null && now() - failedAtMs < retryAfterMs)) {
      dropped += writes;
      return fallback;
    }
    try {
      const result = call(store);
      failedAtMs = null;
      return result;
    } catch (err) {
      dropped += writes;
      failedAtMs = now();
      last = err;
      if (!warned) {
        warned = true;
        try {
          options.onFirstFailure(err);
        } catch {
          // A throwing warning callback must not break the run either.
        }
      }
      return fallback;
    }
  }

  /** For writes without a result. */
  function drop(call: (s: WritableStore) => void): void {
    guard(undefined, call);
  }

  return {
    createRun(run, atMs) {
      drop((s) => {
        s.createRun(run, atMs);
      });
    },
    updateRun(runId, update) {
      drop((s) => {
        s.updateRun(runId, update);
      });
    },
    addSample(sample) {
      drop((s) => {
        s.addSample(sample);
      });
    },
    addOutput(runId, lines) {
      drop((s) => {
        s.addOutput(runId, lines);
      });
    },
    addDecision: (runId, decision) => guard(null, (s) => s.addDecision(runId, decision)),
    closeIncident(runId, atMs, summary) {
      drop((s) => {
        s.closeIncident(runId, atMs, summary);
      });
    },
    appendEvent: (event) => guard(null, (s) => s.appendEvent(event)),
    enqueueCommand: (cmd) => guard(null, (s) => s.enqueueCommand(cmd)),
    pendingCommands: (runIds) => guard([], (s) => s.pendingCommands(runIds)),
    ackCommand(id, atMs, state, result) {
      drop((s) => {
        s.ackCommand(id, atMs, state, result);
      });
    },
    getCommand: (id) => guard(null, (s) => s.getCommand(id)),
    registerOwner(owner) {
      drop((s) => {
        s.registerOwner(owner);
      });
    },
    heartbeatOwner(ownerId, atMs) {
      drop((s) => {
        s.heartbeatOwner(ownerId, atMs);
      });
    },
    markOwnerGone(ownerId, atMs) {
      drop((s) => {
        s.markOwnerGone(ownerId, atMs);
      });
    },
    listOwners: (nowMs, staleAfterMs) => guard([], (s) => s.listOwners(nowMs, staleAfterMs)),
    runsOfOwner: (ownerId) => guard([], (s) => s.runsOfOwner(ownerId)),
    applyOps(ops) {
      if (ops.length === 0) return;
      guard(
        undefined,
        (s) => {
          s.transaction(() => {
            for (const op of ops) applyStoreOp(s, op);
          });
        },
        ops.length,
      );
    },
    droppedWrites: () => dropped,
    lastError: () => last,
  };
}

/** Opens the store, or reports the failure to onFailure and returns null (run without a store). */
export function openStoreOrNull(
  path: string,
  onFailure: (err: unknown) => void,
  opts?: OpenStoreOptions,
): Store | null {
  try {
    return openStore(path, opts);
  } catch (err) {
    onFailure(err);
    return null;
  }
}

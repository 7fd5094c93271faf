/**
 * A store wrapper for the supervisor: storage trouble never throws into the run and never stalls it.
 * A write that meets another process's lock (SQLITE_BUSY after the store's short busy timeout, see
 * SUPERVISOR_BUSY_TIMEOUT_MS) is kept in a backlog, in order, and written in one transaction at the
 * next attempt once retryAfterMs has passed: with the next write, or on an unref'd timer. Other
 * failures (disk full, unwritable or closed file) drop the write. The first write lost is warned
 * about once; every lost write is counted.
 */
import type { CommandQueue, OwnerRegistry, RunWriter, StoreTransactions } from './store.js';
import type { CommandRecord, DecisionRecord, OwnerRecord, RunRecord } from '../contract/records.js';
import type { Decision } from '../core/types.js';
import { isBusyError, openStore, type OpenStoreOptions } from './sqlite-store.js';
import type { Store } from './store.js';
import { applyStoreOp, type StoreOp } from './store-ops.js';

/**
 * The busy timeout of a supervising process's store (a `flowforge run`, the daemon's timers and its
 * own runs). better-sqlite3 waits synchronously, so this is how long one attempt can freeze the event
 * loop (pass-through, sampling, kills) while another process holds the lock. Other writers' IMMEDIATE
 * transactions last a few ms, so 50 ms rides out ordinary contention; a longer hold sends the write
 * to the backlog, retried a second later, instead of making the job wait.
 */
export const SUPERVISOR_BUSY_TIMEOUT_MS = 50;

/**
 * The backlog's bound, in characters of queued JSON (≈ bytes). Past half of it, samples, output,
 * heartbeats and per-line events are dropped (counted) while a run's start, its updates, decisions,
 * incidents, owner and command writes are still kept; past all of it every new write is dropped.
 */
export const MAX_BACKLOG_CHARS = 16 * 1024 * 1024;

/** How long drain() (a run's end) waits for a lock that is still held before dropping the backlog. */
export const FINAL_FLUSH_WAIT_MS = 2000;

/** A write the backlog can hold: the spool's ops plus the two answer-less writes that are not in it. */
type BacklogOp =
  | StoreOp
  | { op: 'addDecision'; runId: string; decision: Decision }
  | { op: 'ackCommand'; id: number; atMs: number; state: 'acked' | 'failed'; result: string };

/** Per-tick or per-line events: a gap in them leaves a run's record coherent. */
function isDroppable(op: BacklogOp): boolean {
  if (op.op === 'addSample' || op.op === 'addOutput' || op.op === 'heartbeatOwner') return true;
  if (op.op !== 'appendEvent') return false;
  const type: string = op.event.type;
  return type === 'run.volume' || type === 'run.progress' || type === 'run.usage' || type.startsWith('protocol.');
}

/** The part of the store a resilient writer writes to. */
export type WritableStore = RunWriter & CommandQueue & OwnerRegistry & StoreTransactions;

/** The writer half of the store: failures are retried later (a lock) or dropped and counted. */
export interface ResilientWriter {
  createRun: RunWriter['createRun'];
  updateRun: RunWriter['updateRun'];
  addSample: RunWriter['addSample'];
  addOutput: RunWriter['addOutput'];
  /** The stored decision, or null when it is kept for later (a lock) or lost. */
  addDecision(...args: Parameters<RunWriter['addDecision']>): DecisionRecord | null;
  closeIncident: RunWriter['closeIncident'];
  /** The event's id, or null when it is kept for later (a lock) or lost. */
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
  /** Writes ops in one transaction; under a lock they join the backlog, on another failure all are dropped. */
  applyOps(ops: readonly StoreOp[]): void;
  /**
   * Writes the backlog now, trying again for up to waitMs while the lock is held (a run's end: the
   * job is over, nothing else waits); what is still not written then is dropped. True when none is left.
   */
  drain(waitMs: number): boolean;
  /** Writes waiting in the backlog. */
  pendingWrites(): number;
  /** Writes lost so far (failed, over the backlog's bound, never written, or no store at all). */
  droppedWrites(): number;
  /** The last failure, if any. */
  lastError(): unknown;
}

/** Options of createResilientWriter. */
export interface ResilientWriterOptions {
  /** Called once, on the first write lost (print a warning; the run goes on). */
  onFirstFailure(err: unknown): void;
  /** After a failure, wait this long before trying again; writes meanwhile join the backlog (default 1000). */
  retryAfterMs?: number;
  now?: () => number;
}

function writeOp(store: WritableStore, op: BacklogOp): void {
  if (op.op === 'addDecision') store.addDecision(op.runId, op.decision);
  else if (op.op === 'ackCommand') store.ackCommand(op.id, op.atMs, op.state, op.result);
  else applyStoreOp(store, op);
}

/** Wraps the store's writes so that storage trouble never throws into or stalls the supervisor. */
export function createResilientWriter(store: WritableStore | null, options: ResilientWriterOptions): ResilientWriter {
  const now = options.now ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  // The timer that retries a backlog no later write comes for (never a tight loop, even with 0).
  const retryDelayMs = Math.max(50, retryAfterMs);
  let dropped = 0;
  let warned = false;
  let failedAtMs: number | null = null;
  let last: unknown = null;
  // Serialised when made (the caller may reuse its objects), oldest first.
  let backlog: string[] = [];
  let backlogChars = 0;
  let timer: NodeJS.Timeout | null = null;

  const backingOff = (): boolean => failedAtMs !== null && now() - failedAtMs < retryAfterMs;

  /** Counts `writes` lost writes and warns once. */
  function lose(writes: number, err: unknown): void {
    dropped += writes;
    if (err !== null) last = err;
    if (warned || store === null) return; // without a store, the open failure was reported already
    warned = true;
    try {
      options.onFirstFailure(err);
    } catch {
      // A throwing warning callback must not break the run either.
    }
  }

  /** A failed attempt: a lock keeps the writes for later (true), anything else loses them (false). */
  function failed(err: unknown, writes: number): boolean {
    failedAtMs = now();
    last = err;
    if (isBusyError(err)) return true;
    lose(writes, err);
    return false;
  }

  function keep(op: BacklogOp): void {
    const json = JSON.stringify(op);
    const limit = isDroppable(op) ? MAX_BACKLOG_CHARS / 2 : MAX_BACKLOG_CHARS;
    if (backlogChars + json.length > limit) {
      lose(1, new Error(`the evidence backlog is full (${backlog.length} writes waiting for a database lock)`));
      return;
    }
    backlog.push(json);
    backlogChars += json.length;
    if (timer === null) {
      timer = setTimeout(onTimer, retryDelayMs);
      timer.unref();
    }
  }

  function onTimer(): void {
    timer = null;
    if (backlog.length === 0) return;
    if (!backingOff()) flush();
    if (backlog.length > 0) {
      timer = setTimeout(onTimer, retryDelayMs);
      timer.unref();
    }
  }

  /** One attempt at the whole backlog in one transaction; true when it is empty afterwards. */
  function flush(): boolean {
    if (backlog.length === 0) return true;
    if (store === null) return false;
    const ops = backlog.map((json) => JSON.parse(json) as BacklogOp);
    try {
      store.transaction(() => {
        for (const op of ops) writeOp(store, op);
      });
      failedAtMs = null;
    } catch (err) {
      if (failed(err, ops.length)) return false;
    }
    backlog = [];
    backlogChars = 0;
    return true;
  }

  /** Writes op now if nothing is waiting, else after what is waiting; under a lock it waits too. */
  function write(op: BacklogOp): void {
    if (store === null) {
      lose(1, null);
      return;
    }
    if (backlog.length === 0 && !backingOff()) {
      try {
        writeOp(store, op);
        failedAtMs = null;
        return;
      } catch (err) {
        if (!failed(err, 1)) return;
      }
    }
    keep(op);
    if (!backingOff()) flush();
  }

  /** For calls that need an answer: `fallback` while backing off or when the call fails. */
  function ask<T>(fallback: T, call: (s: WritableStore) => T, writes = 0): T {
    if (store === null || backingOff()) {
      dropped += writes;
      return fallback;
    }
    try {
      const result = call(store);
      failedAtMs = null;
      return result;
    } catch (err) {
      failedAtMs = now();
      last = err;
      // A poll under a lock is simply asked again next tick; other failures are warned about.
      if (isBusyError(err)) dropped += writes;
      else lose(writes, err);
      return fallback;
    }
  }

  return {
    createRun(run, atMs) {
      write({ op: 'createRun', run, atMs });
    },
    updateRun(runId, update) {
      write({ op: 'updateRun', runId, update });
    },
    addSample(sample) {
      write({ op: 'addSample', sample });
    },
    addOutput(runId, lines) {
      write({ op: 'addOutput', runId, lines });
    },
    addDecision(runId, decision) {
      if (store !== null && backlog.length === 0 && !backingOff()) {
        try {
          const stored = store.addDecision(runId, decision);
          failedAtMs = null;
          return stored;
        } catch (err) {
          if (!failed(err, 1)) return null;
        }
      }
      write({ op: 'addDecision', runId, decision });
      return null;
    },
    closeIncident(runId, atMs, summary) {
      write({ op: 'closeIncident', runId, atMs, summary });
    },
    appendEvent(event) {
      if (store !== null && backlog.length === 0 && !backingOff()) {
        try {
          const id = store.appendEvent(event);
          failedAtMs = null;
          return id;
        } catch (err) {
          if (!failed(err, 1)) return null;
        }
      }
      write({ op: 'appendEvent', event });
      return null;
    },
    enqueueCommand: (cmd) => ask(null, (s) => s.enqueueCommand(cmd), 1),
    pendingCommands: (runIds) => ask([], (s) => s.pendingCommands(runIds)),
    ackCommand(id, atMs, state, result) {
      write({ op: 'ackCommand', id, atMs, state, result });
    },
    getCommand: (id) => ask(null, (s) => s.getCommand(id)),
    registerOwner(owner) {
      write({ op: 'registerOwner', owner });
    },
    heartbeatOwner(ownerId, atMs) {
      write({ op: 'heartbeatOwner', ownerId, atMs });
    },
    markOwnerGone(ownerId, atMs) {
      write({ op: 'markOwnerGone', ownerId, atMs });
    },
    listOwners: (nowMs, staleAfterMs) => ask([], (s) => s.listOwners(nowMs, staleAfterMs)),
    runsOfOwner: (ownerId) => ask([], (s) => s.runsOfOwner(ownerId)),
    applyOps(ops) {
      if (ops.length === 0) return;
      if (store === null) {
        lose(ops.length, null);
        return;
      }
      if (backlog.length === 0 && !backingOff()) {
        try {
          store.transaction(() => {
            for (const op of ops) applyStoreOp(store, op);
          });
          failedAtMs = null;
          return;
        } catch (err) {
          if (!failed(err, ops.length)) return;
        }
      }
      for (const op of ops) keep(op);
      if (!backingOff()) flush();
    },
    drain(waitMs) {
      // A real wait, so the real clock (tests may pass a `now` that stands still).
      const deadline = Date.now() + waitMs;
      failedAtMs = null;
      while (!flush() && Date.now() < deadline) {
        // The run is over: a short synchronous pause between attempts, each bounded by the busy timeout.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        failedAtMs = null;
      }
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (backlog.length === 0) return true;
      lose(backlog.length, last);
      backlog = [];
      backlogChars = 0;
      return false;
    },
    pendingWrites: () => backlog.length,
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

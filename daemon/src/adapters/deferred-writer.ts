/**
 * A ResilientWriter that does not open SQLite at once. Writes that need no answer are queued in
 * memory, in order; the store is opened (the queue replayed in one transaction, then every write
 * goes straight through) when the deferral has passed or when a call needs the database now. A run
 * that ends first never touches SQLite: finish() hands its queue to a spool file instead.
 * Why: loading better-sqlite3, opening the file and the start/end writes were ≈30 ms of every
 * `flowforge run` start (docs/architecture.md, "Short runs and the spool").
 */
import {
  createResilientWriter,
  FINAL_FLUSH_WAIT_MS,
  type ResilientWriter,
  type ResilientWriterOptions,
  type WritableStore,
} from './resilient-store.js';
import type { StoreOp } from './store-ops.js';

/**
 * How long a run keeps its writes in memory before it opens SQLite: one default sampling interval, so
 * the store opens around the first regular sample and a job shorter than that never pays ≈25 ms of
 * synchronous SQLite work (loading the addon, opening, checking migrations) in the middle of its output.
 */
export const STORE_OPEN_DEFERRAL_MS = 1000;

/** Past this many queued writes the store is opened at once, so a chatty start cannot grow memory. */
export const MAX_QUEUED_WRITES = 2000;

/** Options of createDeferredWriter. */
export interface DeferredWriterOptions extends ResilientWriterOptions {
  /** Opens the real store; null when it cannot (the caller has warned). Must not throw. */
  open(): WritableStore | null;
  /** Writes a never-opened run's queue (each op already JSON) as one spool file; throws on failure. */
  spool(runId: string, opsJson: readonly string[]): void;
  /** The deferral (0: open at once). */
  deferMs: number;
  /**
   * A live marker (spool-file.ts): written `afterMs` into the deferral with the writes queued so far,
   * so a run whose CLI dies before it opens SQLite can still be found; removed once the record is in
   * SQLite or in the spool file. Failures of either only cost the marker.
   */
  marker?: { afterMs: number; write(runId: string, opsJson: readonly string[]): void; remove(runId: string): void };
}

/** How finish() ended the run's storage. */
export type DeferredFinish =
  | 'open' // the store was open: everything is written (a backlog held by a lock was drained)
  | 'empty' // nothing was ever written
  | 'spooled' // the queue went to a spool file
  | 'written' // spooling failed; the queue was written to SQLite
  | 'dropped'; // writes were lost: SQLite failed (after the spool did), or a lock outlasted the final wait

/** The deferred writer: a ResilientWriter plus the end of a run's storage. */
export interface DeferredWriter extends ResilientWriter {
  /**
   * Call once the run is done: spools the queue if the store was never opened, else writes what a lock
   * held back, waiting up to FINAL_FLUSH_WAIT_MS for the lock (the job is over by then).
   */
  finish(): DeferredFinish;
  /** True once the real store has been opened (or tried). */
  isOpen(): boolean;
}

/** Creates the writer; the deferral timer starts now and is unref'd (it never keeps the process alive). */
export function createDeferredWriter(options: DeferredWriterOptions): DeferredWriter {
  let queue: string[] = [];
  let runId: string | null = null;
  let live: ResilientWriter | null = null;
  let timer: NodeJS.Timeout | null = null;
  // Set once the queue went to a spool file: anything written after that (nothing, in practice) goes to SQLite.
  let spooled = false;
  let markerTimer: NodeJS.Timeout | null = null;
  let marked = false;

  /** Writes the live marker if the run is still only in memory; a failure only costs the marker. */
  function mark(): void {
    markerTimer = null;
    if (live !== null || spooled || runId === null || options.marker === undefined) return;
    try {
      options.marker.write(runId, queue);
      marked = true;
    } catch {
      // No marker: a kill -9 in the next moments would leave the run unrecorded, as without one.
    }
  }

  /** The record is in SQLite or the spool file now: the marker has done its job. */
  function unmark(): void {
    if (markerTimer !== null) clearTimeout(markerTimer);
    markerTimer = null;
    if (!marked || runId === null || options.marker === undefined) return;
    marked = false;
    try {
      options.marker.remove(runId);
    } catch {
      // Left behind, it is folded in as "already stored" and removed then.
    }
  }

  function openNow(): ResilientWriter {
    if (live !== null) return live;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    let store: WritableStore | null;
    try {
      store = options.open();
    } catch (error) {
      store = null;
      try {
        options.onFirstFailure(error);
      } catch {
        // A throwing warning callback must not break the run either.
      }
    }
    live = createResilientWriter(store, options);
    if (queue.length > 0) {
      const ops = JSON.parse(`[${queue.join(',')}]`) as StoreOp[];
      queue = [];
      live.applyOps(ops);
    }
    unmark();
    return live;
  }

  /** Queues op, or once the store is open (or the queue spooled) writes it with `through`. */
  function write(op: StoreOp, through: (writer: ResilientWriter) => void): void {
    if (live !== null || spooled) {
      through(openNow());
      return;
    }
    // Serialised now: the caller may reuse its objects, and the spool file needs JSON anyway.
    queue.push(JSON.stringify(op));
    if (op.op === 'createRun') runId ??= op.run.id;
    if (queue.length >= MAX_QUEUED_WRITES) openNow();
  }

  if (options.deferMs <= 0) openNow();
  else {
    timer = setTimeout(openNow, options.deferMs);
    timer.unref();
    if (options.marker !== undefined && options.marker.afterMs < options.deferMs) {
      markerTimer = setTimeout(mark, options.marker.afterMs);
      markerTimer.unref();
    }
  }

  return {
    createRun(run, atMs) {
      write({ op: 'createRun', run, atMs }, (w) => {
        w.createRun(run, atMs);
      });
    },
    updateRun(id, update) {
      write({ op: 'updateRun', runId: id, update }, (w) => {
        w.updateRun(id, update);
      });
    },
    addSample(sample) {
      write({ op: 'addSample', sample }, (w) => {
        w.addSample(sample);
      });
    },
    addOutput(id, lines) {
      write({ op: 'addOutput', runId: id, lines }, (w) => {
        w.addOutput(id, lines);
      });
    },
    closeIncident(id, atMs, summary) {
      write({ op: 'closeIncident', runId: id, atMs, summary }, (w) => {
        w.closeIncident(id, atMs, summary);
      });
    },
    appendEvent(event) {
      // The event id is only known once stored; no caller of a run's writer uses it.
      if (live !== null || spooled) return openNow().appendEvent(event);
      write({ op: 'appendEvent', event }, () => undefined);
      return null;
    },
    registerOwner(owner) {
      write({ op: 'registerOwner', owner }, (w) => {
        w.registerOwner(owner);
      });
    },
    heartbeatOwner(ownerId, atMs) {
      write({ op: 'heartbeatOwner', ownerId, atMs }, (w) => {
        w.heartbeatOwner(ownerId, atMs);
      });
    },
    markOwnerGone(ownerId, atMs) {
      write({ op: 'markOwnerGone', ownerId, atMs }, (w) => {
        w.markOwnerGone(ownerId, atMs);
      });
    },
    // Decisions carry the evidence of an intervention: they always go to SQLite at once.
    addDecision: (id, decision) => openNow().addDecision(id, decision),
    enqueueCommand: (cmd) => openNow().enqueueCommand(cmd),
    // No command can be waiting for a run that is not in the database yet (the API checks the run
    // exists), so polling does not open the store: the deferral alone decides when that happens.
    pendingCommands: (runIds) => (live === null ? [] : live.pendingCommands(runIds)),
    ackCommand: (id, atMs, state, result) => {
      openNow().ackCommand(id, atMs, state, result);
    },
    getCommand: (id) => openNow().getCommand(id),
    listOwners: (nowMs, staleAfterMs) => openNow().listOwners(nowMs, staleAfterMs),
    runsOfOwner: (ownerId) => openNow().runsOfOwner(ownerId),
    applyOps: (ops) => {
      openNow().applyOps(ops);
    },
    drain: (waitMs) => live?.drain(waitMs) ?? true,
    pendingWrites: () => live?.pendingWrites() ?? 0,
    droppedWrites: () => live?.droppedWrites() ?? 0,
    lastError: () => live?.lastError() ?? null,
    isOpen: () => live !== null,
    finish() {
      if (live !== null) return live.drain(FINAL_FLUSH_WAIT_MS) ? 'open' : 'dropped';
      if (spooled) return 'spooled';
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (queue.length === 0) {
        unmark();
        return 'empty';
      }
      if (runId !== null) {
        try {
          options.spool(runId, queue);
          queue = [];
          spooled = true;
          unmark();
          return 'spooled';
        } catch {
          // The spool is only a faster path: fall back to writing the record to SQLite itself.
        }
      }
      const writer = openNow();
      return writer.drain(FINAL_FLUSH_WAIT_MS) && writer.droppedWrites() === 0 ? 'written' : 'dropped';
    },
  };
}

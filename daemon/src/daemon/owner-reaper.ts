/**
 * The owner-lost reaper: finds run owners that died without cleaning up (kill -9 of `flowforge run`),
 * marks their runs owner-lost and stops the runs' process groups, so no orphan burns CPU unseen.
 */
import { hostname } from 'node:os';
import type { Store } from '../adapters/store.js';
import type { RunRecord } from '../contract/records.js';
import type { Logger } from '../api/deps.js';

/** Options of createOwnerReaper. */
export interface OwnerReaperOptions {
  store: Pick<
    Store,
    | 'listOwners'
    | 'runsOfOwner'
    | 'markOwnerGone'
    | 'listRuns'
    | 'updateRun'
    | 'appendEvent'
    | 'closeIncident'
    | 'addAudit'
  >;
  clock: () => number;
  logger: Logger;
  /** Stops a run's process group (SIGTERM, grace, SIGKILL). */
  stopGroup: (run: RunRecord) => Promise<void>;
  isAlive: (pid: number) => boolean;
  /** An owner is reaped once its pid is gone and its heartbeat is older than this (default 2000 ms). */
  staleAfterMs?: number;
  intervalMs?: number;
  /** This daemon's own owner id (never reaped). */
  selfOwnerId?: string;
  hostName?: string;
}

/** The reaper; sweep() runs one pass and resolves once the groups it found are stopped. */
export interface OwnerReaper {
  sweep(): Promise<string[]>;
  start(): void;
  /** Stops the timer and waits for kills in flight. */
  stop(): Promise<void>;
}

/** Creates the reaper (call sweep() at daemon start, then start() for a pass every intervalMs). */
export function createOwnerReaper(options: OwnerReaperOptions): OwnerReaper {
  const { store, clock, logger } = options;
  const staleAfterMs = options.staleAfterMs ?? 2000;
  const host = options.hostName ?? hostname();
  const stopping = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;

  const reapRun = (run: RunRecord, ownerId: string | null, atMs: number): void => {
    if (stopping.has(run.id)) return;
    store.updateRun(run.id, { status: 'owner-lost', terminationReason: 'owner-lost', endedAtMs: atMs });
    store.appendEvent({
      atMs,
      type: 'owner.lost',
      runId: run.id,
      incidentId: null,
      data: { ownerId, ownerPid: run.ownerPid, childPid: run.childPid },
    });
    store.closeIncident(run.id, atMs, 'the run owner died; run marked owner-lost');
    store.addAudit({
      atMs,
      actor: 'daemon',
      action: 'owner.reaped',
      runId: run.id,
      requestId: null,
      detail: { ownerId, ownerPid: run.ownerPid, childPid: run.childPid },
    });
    logger.warn('run owner lost; stopping its process group', {
      runId: run.id,
      ownerPid: run.ownerPid,
      childPid: run.childPid,
    });
    const done = options
      .stopGroup(run)
      .catch((error: unknown) => {
        logger.error('could not stop an owner-lost run', { runId: run.id, error: String(error) });
      })
      .finally(() => stopping.delete(run.id));
    stopping.set(run.id, done);
  };

  const sweepOnce = (): string[] => {
    const nowMs = clock();
    const reaped: string[] = [];
    const known = new Set<string>();
    for (const owner of store.listOwners(nowMs, staleAfterMs)) {
      // Gone owners left cleanly; any run they still hold is judged by pid in the second pass.
      if (owner.state === 'gone') continue;
      const runs = store.runsOfOwner(owner.id);
      for (const run of runs) known.add(run.id);
      if (owner.id === options.selfOwnerId || owner.hostname !== host) continue;
      const dead = nowMs - owner.heartbeatAtMs > staleAfterMs && !options.isAlive(owner.pid);
      if (!dead) continue;
      store.markOwnerGone(owner.id, nowMs);
      for (const run of runs) {
        reapRun(run, owner.id, nowMs);
        reaped.push(run.id);
      }
    }
    // Runs whose owner never registered (or whose row is missing): judge by the owner pid alone.
    for (const run of store.listRuns({ status: 'active', limit: 1000 })) {
      if (known.has(run.id) || nowMs - run.startedAtMs <= staleAfterMs || options.isAlive(run.ownerPid)) continue;
      reapRun(run, null, nowMs);
      reaped.push(run.id);
    }
    return reaped;
  };

  return {
    async sweep() {
      let reaped: string[] = [];
      try {
        reaped = sweepOnce();
      } catch (error) {
        // A locked or failing database must not kill the daemon; the next pass retries.
        logger.warn('owner sweep failed', { error: String(error) });
      }
      await Promise.all(stopping.values());
      return reaped;
    },
    start() {
      if (timer !== null) return;
      timer = setInterval(() => {
        try {
          sweepOnce();
        } catch (error) {
          // Same as above: retry on the next tick.
          logger.warn('owner sweep failed', { error: String(error) });
        }
      }, options.intervalMs ?? 500);
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await Promise.all(stopping.values());
    },
  };
}

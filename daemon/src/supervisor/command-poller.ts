/**
 * Receives control commands (kill, restart, pause, resume) for a run from the commands table and
 * acknowledges them; for a `flowforge run` it also registers the process as the run's owner and
 * heartbeats, so the daemon can tell a live owner from a dead one. See docs/command-delivery.md.
 */
import { hostname } from 'node:os';
import type { ResilientWriter } from '../adapters/resilient-store.js';
import type { CommandRecord, OwnerKind } from '../contract/records.js';
import { errorMessage } from '../errors.js';

export const COMMAND_POLL_INTERVAL_MS = 250;
export const OWNER_HEARTBEAT_INTERVAL_MS = 1000;

export interface CommandPollerOptions {
  store: ResilientWriter | null;
  runId: string;
  owner: { id: string; kind: OwnerKind };
  clock: () => number;
  /** Handles a command and returns the result text for the acknowledgement. */
  onCommand: (cmd: CommandRecord) => string;
}

export interface CommandPoller {
  stop(): void;
}

/** Starts polling; a store that is missing or failing just means no remote control. */
export function createCommandPoller(options: CommandPollerOptions): CommandPoller {
  const { store, clock } = options;
  if (store === null) return { stop: () => undefined };
  const managesOwner = options.owner.kind === 'cli';
  if (managesOwner) {
    store.registerOwner({
      id: options.owner.id,
      pid: process.pid,
      kind: options.owner.kind,
      hostname: hostname(),
      atMs: clock(),
    });
  }
  let lastHeartbeatMs = clock();

  const timer = setInterval(() => {
    const nowMs = clock();
    if (managesOwner && nowMs - lastHeartbeatMs >= OWNER_HEARTBEAT_INTERVAL_MS) {
      store.heartbeatOwner(options.owner.id, nowMs);
      lastHeartbeatMs = nowMs;
    }
    const pending = store.pendingCommands([options.runId]);
    for (const cmd of pending) {
      let result: string;
      let state: 'acked' | 'failed' = 'acked';
      try {
        result = options.onCommand(cmd);
      } catch (error) {
        state = 'failed';
        result = errorMessage(error);
      }
      store.ackCommand(cmd.id, clock(), state, result);
    }
  }, COMMAND_POLL_INTERVAL_MS);
  timer.unref();

  return {
    stop(): void {
      clearInterval(timer);
      if (managesOwner) store.markOwnerGone(options.owner.id, clock());
    },
  };
}

/** Helpers of the protocol end-to-end tests: a temp DB per file, the summary JSON, stored events. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingestPendingSpool, openStore, type Store } from '@flowforge/daemon';

/** The summary JSON fields the tests read. */
export interface Summary {
  run_id: string;
  exit_code: number;
  termination_reason: string;
  tokens_total: number;
  cost_usd_total: number;
  restarts: number;
}

/** Reads a summary JSON written by --summary-json. */
export function readSummary(file: string): Summary {
  return JSON.parse(readFileSync(file, 'utf8')) as Summary;
}

/**
 * Opens the DB read-only, runs fn, closes it. Spool files that short runs left are folded in first,
 * as any reader does (replay, the daemon): a run shorter than the store's deferral is only there.
 */
export function withStore<T>(db: string, fn: (store: Store) => T): T {
  ingestPendingSpool(db);
  const store = openStore(db, { readonly: true });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** A run's events of the given types, oldest first. */
export function eventsOf(db: string, runId: string, types: Parameters<Store['listTimeline']>[0]['types']) {
  return withStore(db, (store) =>
    store.listTimeline({ runId, limit: 5000, ...(types === undefined ? {} : { types }) }).reverse(),
  );
}

/** A path inside dir. */
export const inDir = (dir: string, name: string): string => path.join(dir, name);

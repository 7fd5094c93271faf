/**
 * Removing old runs: every row a run left behind (samples, decisions, incidents, output and events, its
 * commands), a few runs per IMMEDIATE transaction, so a large prune never holds the write lock long
 * enough for a supervised run's writes to time out. Runs still going are never touched; the audit log
 * is kept whole (it says who did what, whatever happened to the run).
 */
import type { StoreMaintenance } from './store.js';
import type { StoreContext } from './store-context.js';

/** Runs removed per transaction. */
const RUNS_PER_TRANSACTION = 20;

/** Creates the maintenance half of the store. */
export function createMaintenance(ctx: StoreContext): StoreMaintenance {
  const { db, stmt } = ctx;

  const endedBefore = (cutoffMs: number): string[] =>
    stmt<{ id: string }>('SELECT id FROM runs WHERE ended_at_ms IS NOT NULL AND ended_at_ms < ? ORDER BY ended_at_ms')
      .all(cutoffMs)
      .map((row) => row.id);

  const countEvents = (ids: readonly string[]): number =>
    ids.reduce(
      (sum, id) => sum + (stmt<{ n: number }>('SELECT count(*) AS n FROM events WHERE run_id = ?').get(id)?.n ?? 0),
      0,
    );

  const removeBatch = db.transaction((ids: readonly string[]): number => {
    let events = 0;
    for (const id of ids) {
      events += stmt('DELETE FROM events WHERE run_id = ?').run(id).changes;
      stmt('DELETE FROM commands WHERE run_id = ?').run(id);
      // samples, incidents, decisions and output_tail go with the run (ON DELETE CASCADE).
      stmt('DELETE FROM runs WHERE id = ? AND ended_at_ms IS NOT NULL').run(id);
    }
    return events;
  });

  return {
    pruneRuns(cutoffMs, opts) {
      const ids = endedBefore(cutoffMs);
      if (opts.dryRun) return { runs: ids.length, events: countEvents(ids) };
      let events = 0;
      for (let start = 0; start < ids.length; start += RUNS_PER_TRANSACTION) {
        events += removeBatch.immediate(ids.slice(start, start + RUNS_PER_TRANSACTION));
      }
      return { runs: ids.length, events };
    },
    vacuum() {
      db.exec('VACUUM');
    },
  };
}

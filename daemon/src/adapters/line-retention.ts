/**
 * Keeps the output lines that events carry within a byte budget per run. A busy job prints a tick's
 * worth of analysed lines every second (run.volume, for replay) and a live-tail slice (run.output, for
 * the dashboard): ≈30 KB a second, ≈100 MB an hour, with nothing else bounding it. The newest events
 * keep their lines; once a run's total passes the budget, the oldest are handed back to be trimmed.
 * Pure bookkeeping: the store does the trimming. Should that transaction roll back, the bookkeeping
 * has moved on anyway: the events it handed back keep their lines (a little over budget, nothing lost),
 * and a rolled-back event it counts is trimmed later as a no-op.
 */

export interface LineRetention {
  /** Notes an event of runId that carries `bytes` of lines; returns the ids of events now over budget. */
  add(runId: string, eventId: number, bytes: number): number[];
  /** Drops what is known of a run (it ended). */
  forget(runId: string): void;
}

interface RunLines {
  ids: number[];
  sizes: number[];
  /** Index of the oldest entry still counted (entries before it were handed back). */
  head: number;
  bytes: number;
}

/** Creates the bookkeeping for one kind of event with budgetBytes per run. */
export function createLineRetention(budgetBytes: number): LineRetention {
  const runs = new Map<string, RunLines>();
  return {
    add(runId, eventId, bytes) {
      let run = runs.get(runId);
      if (run === undefined) {
        run = { ids: [], sizes: [], head: 0, bytes: 0 };
        runs.set(runId, run);
      }
      run.ids.push(eventId);
      run.sizes.push(bytes);
      run.bytes += bytes;
      const over: number[] = [];
      // The newest event always stays, even alone over the budget: a trimmed tick would say nothing.
      while (run.bytes > budgetBytes && run.head < run.ids.length - 1) {
        over.push(run.ids[run.head] ?? 0);
        run.bytes -= run.sizes[run.head] ?? 0;
        run.head++;
      }
      if (run.head > 1024 && run.head * 2 > run.ids.length) {
        // Compact now and then, so a long run's bookkeeping stays as small as its budget.
        run.ids = run.ids.slice(run.head);
        run.sizes = run.sizes.slice(run.head);
        run.head = 0;
      }
      return over;
    },
    forget(runId) {
      runs.delete(runId);
    },
  };
}

/** Bytes an event's lines take, near enough for a budget: the text plus a little per line. */
export function linesBytes(lines: readonly { text: string }[]): number {
  let bytes = 0;
  for (const line of lines) bytes += line.text.length + 48;
  return bytes;
}

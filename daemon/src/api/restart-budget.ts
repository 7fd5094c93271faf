/** A per-run budget of API restarts: at most max in any window, else 429 with Retry-After. */

/** The budget; memory is bounded by maxRuns. */
export interface RestartBudget {
  /** Takes one restart for runId; returns 0 when allowed, else the ms until one is available. */
  take(runId: string, nowMs: number): number;
}

/** Creates a sliding-window restart budget. */
export function createRestartBudget(limits: { max: number; windowMs: number }, maxRuns = 10_000): RestartBudget {
  const used = new Map<string, number[]>();
  return {
    take(runId, nowMs) {
      const times = (used.get(runId) ?? []).filter((atMs) => nowMs - atMs < limits.windowMs);
      if (times.length >= limits.max) {
        used.set(runId, times);
        return (times[0] ?? nowMs) + limits.windowMs - nowMs;
      }
      times.push(nowMs);
      used.delete(runId);
      used.set(runId, times);
      // Oldest-first eviction keeps the map bounded; an evicted run simply gets a fresh budget.
      if (used.size > maxRuns) {
        const oldest = used.keys().next();
        if (oldest.done !== true) used.delete(oldest.value);
      }
      return 0;
    },
  };
}

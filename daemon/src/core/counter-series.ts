/** The rising-counter rule of the progress guard, kept apart so it can be tested as a table. */

/** One observation of a counter. */
export interface CounterPoint {
  atMs: number;
  value: number;
}

/**
 * True when the counter advanced since `sinceMs`: its latest change was a rise at or after `sinceMs`,
 * and its current run (since the last reset) reached a value no earlier run reached, so a retry loop
 * `attempt 1/5 … 5/5, 1/5 …` replaying the same values is not progress.
 */
export function isCounterRising(points: readonly CounterPoint[], sinceMs: number): boolean {
  const earlier = new Set<number>();
  let run: number[] = [];
  let lastRiseAtMs: number | null = null;
  for (const point of points) {
    const last = run[run.length - 1];
    if (last === point.value) continue;
    if (last !== undefined && point.value < last) {
      for (const value of run) earlier.add(value);
      run = [];
      lastRiseAtMs = null;
    } else if (last !== undefined) {
      lastRiseAtMs = point.atMs;
    }
    run.push(point.value);
  }
  if (lastRiseAtMs === null || lastRiseAtMs < sinceMs) return false;
  return run.some((value) => !earlier.has(value));
}

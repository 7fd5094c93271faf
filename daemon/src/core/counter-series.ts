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

/** A bare counter counts only while its lines are still printed: last seen within this long. */
export const BARE_COUNTER_FRESH_MS = 10_000;

/** Distinct values a bare counter needs, in strictly rising order, before it counts as progress. */
export const BARE_COUNTER_MIN_STEPS = 5;

/**
 * The stricter rule for a bare counter (a number without a total): its latest BARE_COUNTER_MIN_STEPS
 * distinct values rose strictly, the last rise at or after `sinceMs`. A number that merely varies
 * (a latency, a random id part) rises five times in a row by chance once in 120 draws, and once it
 * falls it must rise five times again; a counter of items (`test_41`, `page 7`) passes at once.
 */
export function isBareCounterRising(points: readonly CounterPoint[], sinceMs: number, seenSinceMs = sinceMs): boolean {
  const newest = points[points.length - 1];
  // Still printed: a counter whose lines stopped (a warm-up, then a loop) explains nothing that follows.
  if (newest === undefined || newest.atMs < seenSinceMs) return false;
  const steps: CounterPoint[] = [];
  for (let i = points.length - 1; i >= 0 && steps.length < BARE_COUNTER_MIN_STEPS; i--) {
    const point = points[i];
    if (point === undefined) continue;
    const later = steps[steps.length - 1];
    if (later !== undefined && point.value === later.value) {
      steps[steps.length - 1] = point; // the same value again: the rise happened at its first sighting
      continue;
    }
    if (later !== undefined && point.value > later.value) return false;
    steps.push(point);
  }
  if (steps.length < BARE_COUNTER_MIN_STEPS) return false;
  const lastRise = steps[0];
  // steps[0] is the newest value; it was first seen at the time kept for it (its first sighting).
  return lastRise !== undefined && lastRise.atMs >= sinceMs;
}

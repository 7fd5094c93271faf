/** Repetition: one line or a cycle of up to maxCycleLength lines repeating back to back (an agent stuck in a loop). */
import type { DetectionConfig, Finding } from '../types.js';
import { redactLine } from '../redact-line.js';
import { hasFailureWords } from '../failure-words.js';
import { maskTimes } from '../normalize-line.js';
import { createLineWindow, type WindowLine } from './line-window.js';

/** The best repetition found in a window of normalised lines. */
export interface RepetitionMatch {
  cycleLength: number;
  repeats: number;
  /** Index in the window of the last line of the repeated stretch. */
  endIndex: number;
}

/** Longest stretch where line i equals line i-L, for each cycle length L; the widest coverage wins. */
export function findCycle(normalized: readonly string[], maxCycleLength: number): RepetitionMatch | null {
  let best: RepetitionMatch | null = null;
  let bestCoverage = 0;
  for (let length = 1; length <= maxCycleLength; length++) {
    let run = 0;
    for (let i = length; i < normalized.length; i++) {
      run = normalized[i] === normalized[i - length] ? run + 1 : 0;
      if (run > 0 && run + length > bestCoverage) {
        bestCoverage = run + length;
        best = { cycleLength: length, repeats: Math.floor(run / length) + 1, endIndex: i };
      }
    }
  }
  return best;
}

/**
 * Whether a repetition looks like a loop rather than a stream of work items: the very same line
 * (only its timestamps change), a cycle of several lines (an agent alternating calls and results), or
 * lines about failing and retrying. One line whose instances differ in ids or numbers and say nothing
 * of failure (`processed job id=<uuid> in 12ms`) is a worker's stream of items.
 */
function looksLikeLoop(
  stretch: readonly WindowLine[],
  cycle: readonly WindowLine[],
): { loopLike: boolean; sameLine: boolean } {
  const sameLine = cycle.length === 1 && new Set(stretch.map((line) => maskTimes(line.raw))).size === 1;
  const failing = cycle.some((line) => hasFailureWords(line.raw));
  return { loopLike: sameLine || cycle.length > 1 || failing, sameLine };
}

/** The repeated stretch of the window, oldest first (its last cycleLength lines are the cycle). */
function stretchOf(lines: readonly WindowLine[], found: RepetitionMatch): readonly WindowLine[] {
  return lines.slice(Math.max(0, found.endIndex - found.cycleLength * found.repeats + 1), found.endIndex + 1);
}

/**
 * A repeated stretch whose lines arrived over at least this long is a loop going on, not a burst: it
 * counts at its first evaluation. A burst (lines printed at once) waits for the next one.
 */
const SUSTAINED_MS = 1000;

/** How long the repeated stretch took to arrive, first line to last. */
function spanMs(stretch: readonly WindowLine[]): number {
  const first = stretch[0];
  const last = stretch[stretch.length - 1];
  return first === undefined || last === undefined ? 0 : last.atMs - first.atMs;
}

/** What identifies a repeated cycle across evaluations, whichever of its lines the stretch ends on. */
function cycleSignature(cycle: readonly WindowLine[]): string {
  return cycle
    .map((line) => line.normalized)
    .sort()
    .join('\n');
}

/**
 * Breach when a line or cycle repeats back to back ≥ minRepeats times within the last windowLines
 * lines, and is still going on: new lines since the previous evaluation continue it, and it either
 * was there at that evaluation too or took at least SUSTAINED_MS to arrive. A one-off burst (a table
 * of 20 similar rows, 60 blank lines) arrives at once and has ended by the next evaluation, so it is
 * never taken for a loop.
 */
export function createRepetitionDetector(cfg: DetectionConfig['repetition']) {
  const window = createLineWindow(cfg.windowLines);
  let observed = 0;
  let observedAtLastEvaluation = 0;
  let previousSignature: string | null = null;

  function match(lines: readonly WindowLine[]): RepetitionMatch | null {
    const cycle = findCycle(
      lines.map((line) => line.normalized),
      cfg.maxCycleLength,
    );
    return cycle !== null && cycle.repeats >= cfg.minRepeats ? cycle : null;
  }

  return {
    observe(line: WindowLine): void {
      window.push(line);
      observed++;
    },
    /** `linesPerSecond` is the job's whole output rate, recorded so the policy can tell a fast loop from a poller. */
    evaluate(nowMs: number, linesPerSecond: number): Finding | null {
      const lines = window.current();
      const fresh = observed - observedAtLastEvaluation;
      observedAtLastEvaluation = observed;
      const found = match(lines);
      if (found === null) {
        previousSignature = null;
        return null;
      }
      const stretch = stretchOf(lines, found);
      const sample = stretch.slice(-found.cycleLength);
      const signature = cycleSignature(sample);
      const seenBefore = signature === previousSignature;
      previousSignature = signature;
      const atEnd = fresh > 0 && found.endIndex === lines.length - 1;
      if (!atEnd || !(seenBefore || spanMs(stretch) >= SUSTAINED_MS)) return null;
      const { loopLike, sameLine } = looksLikeLoop(stretch, sample);
      return {
        detector: 'repetition',
        severity: 'breach',
        observed: found.repeats,
        threshold: cfg.minRepeats,
        unit: 'count',
        windowMs: nowMs - (lines[0]?.atMs ?? nowMs),
        sampleLines: sample.map((line) => redactLine(line.raw)),
        detail: {
          cycleLength: found.cycleLength,
          repeats: found.repeats,
          windowLines: lines.length,
          linesPerSecond: Math.round(linesPerSecond * 10) / 10,
          minLinesPerSecond: cfg.minLinesPerSecond,
          sameLine,
          loopLike,
          fast: linesPerSecond >= cfg.minLinesPerSecond,
        },
      };
    },
    reset(): void {
      window.clear();
      observed = 0;
      observedAtLastEvaluation = 0;
      previousSignature = null;
    },
  };
}

/** Repetition: one line or a cycle of up to maxCycleLength lines repeating back to back (an agent stuck in a loop). */
import type { DetectionConfig, Finding } from '../types.js';
import { redactLine } from '../redact-line.js';
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

/** Breach when a line or cycle repeats back to back ≥ minRepeats times within the last windowLines lines. */
export function createRepetitionDetector(cfg: DetectionConfig['repetition']) {
  const window = createLineWindow(cfg.windowLines);

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
    },
    /** `linesPerSecond` is the job's whole output rate, recorded so the policy can tell a fast loop from a poller. */
    evaluate(nowMs: number, linesPerSecond: number): Finding | null {
      const lines = window.current();
      const found = match(lines);
      if (found === null) return null;
      const sample = lines.slice(found.endIndex - found.cycleLength + 1, found.endIndex + 1);
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
          fast: linesPerSecond >= cfg.minLinesPerSecond,
        },
      };
    },
    reset(): void {
      window.clear();
    },
  };
}

/**
 * Detection latency: how long after a breach condition first held the policy decided. Pure: the
 * supervisor (and replay) feed every evaluation's findings with its time. See docs/policy.md.
 */
import type { Decision, DetectorName, Finding } from './types.js';

/** Remembers since when each detector has been breaching without interruption. */
export interface BreachOnsets {
  /** Records one evaluation's findings at atMs; detectors no longer breaching are forgotten. */
  observe(findings: readonly Finding[], atMs: number): void;
  /** When the detector's current uninterrupted breach was first seen, or null. */
  onsetMs(detector: DetectorName): number | null;
  reset(): void;
}

/** Creates the onset tracker of one run (reset it with the engine after a restart). */
export function createBreachOnsets(): BreachOnsets {
  const since = new Map<DetectorName, number>();
  return {
    observe(findings, atMs) {
      const breaching = new Set<DetectorName>();
      for (const finding of findings) {
        if (finding.severity !== 'breach') continue;
        breaching.add(finding.detector);
        if (!since.has(finding.detector)) since.set(finding.detector, atMs);
      }
      for (const detector of [...since.keys()]) if (!breaching.has(detector)) since.delete(detector);
    },
    onsetMs: (detector) => since.get(detector) ?? null,
    reset() {
      since.clear();
    },
  };
}

/**
 * Milliseconds from the earliest moment a deciding breach held to the decision, or null when the
 * decision rests on no breach (an alert on warnings). Time limits (stall, heartbeat, timeout) know
 * exactly when their limit was reached (observed − threshold ago); every other detector counts from
 * the first evaluation that reported it breaching.
 */
export function computeDetectionLatencyMs(decision: Decision, onsets: Pick<BreachOnsets, 'onsetMs'>): number | null {
  let earliest: number | null = null;
  for (const finding of decision.findings) {
    if (finding.severity !== 'breach') continue;
    const onset =
      finding.unit === 'ms'
        ? decision.atMs - Math.max(0, finding.observed - finding.threshold)
        : (onsets.onsetMs(finding.detector) ?? decision.atMs);
    earliest = earliest === null ? onset : Math.min(earliest, onset);
  }
  return earliest === null ? null : Math.max(0, decision.atMs - earliest);
}

/** A window of OutputVolume reports that answers "how many lines/bytes per second lately". */
import type { OutputVolume } from './types.js';

/** Rates over a window, and how much of the window the reports cover. */
export interface VolumeRates {
  linesPerSecond: number;
  bytesPerSecond: number;
  coveredMs: number;
}

const MIN_SPAN_MS = 1_000;

/** Keeps volume reports for `keepMs` and computes rates; coverage starts at `startMs` (or the last reset). */
export function createVolumeWindow(keepMs: number, startMs: number) {
  let reports: OutputVolume[] = [];
  let coverageStartMs = startMs;
  return {
    observe(volume: OutputVolume): void {
      reports.push(volume);
      const sinceMs = volume.atMs - keepMs;
      if (reports.length > 64 && (reports[0]?.atMs ?? sinceMs) < sinceMs) {
        reports = reports.filter((r) => r.atMs > sinceMs);
      }
    },
    /** Rates over (nowMs - windowMs, nowMs]; the divisor is the covered part of the window, at least 1 s. */
    rates(nowMs: number, windowMs: number): VolumeRates {
      const fromMs = Math.max(nowMs - windowMs, coverageStartMs);
      let lines = 0;
      let bytes = 0;
      for (const report of reports) {
        if (report.atMs > fromMs && report.atMs <= nowMs) {
          lines += report.lines;
          bytes += report.bytes;
        }
      }
      const coveredMs = Math.max(0, nowMs - fromMs);
      const spanSeconds = Math.max(coveredMs, MIN_SPAN_MS) / 1000;
      return { linesPerSecond: lines / spanSeconds, bytesPerSecond: bytes / spanSeconds, coveredMs };
    },
    reset(nowMs: number): void {
      reports = [];
      coverageStartMs = nowMs;
    },
  };
}

/** The volume window. */
export type VolumeWindow = ReturnType<typeof createVolumeWindow>;

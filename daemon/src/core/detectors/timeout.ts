/** Timeout: wall clock since the run started (across restarts). */
import type { Finding } from '../types.js';

/** Breach when nowMs - startMs ≥ timeoutMs. */
export function evaluateTimeout(timeoutMs: number | null, startMs: number, nowMs: number): Finding | null {
  if (timeoutMs === null || nowMs - startMs < timeoutMs) return null;
  return {
    detector: 'timeout',
    severity: 'breach',
    observed: nowMs - startMs,
    threshold: timeoutMs,
    unit: 'ms',
    windowMs: timeoutMs,
    sampleLines: [],
    detail: {},
  };
}

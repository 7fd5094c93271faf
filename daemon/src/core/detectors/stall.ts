/** Stall: no output, no protocol signal and an idle CPU for the stall timeout (a hung job). */
import type { DetectionConfig, Finding, TreeSample } from '../types.js';

/** Breach when nothing happened for timeoutMs while CPU samples (when available) stayed ≤ idleCpuPercent. */
export function createStallDetector(cfg: DetectionConfig['stall'], startMs: number) {
  let lastActivityMs = startMs;
  let lastKnownCpuAtMs: number | null = null;
  function touch(atMs: number): void {
    lastActivityMs = Math.max(lastActivityMs, atMs);
  }
  return {
    observeOutput(atMs: number): void {
      touch(atMs);
    },
    observeSignal(atMs: number): void {
      touch(atMs);
    },
    /** The job was held stopped until atMs (paused, or suspended with Ctrl-Z): that silence is not its own. */
    observeResume(atMs: number): void {
      touch(atMs);
    },
    observeSample(sample: TreeSample): void {
      if (sample.cpuPercent === null) return;
      lastKnownCpuAtMs = sample.atMs;
      if (sample.cpuPercent > cfg.idleCpuPercent) touch(sample.atMs);
    },
    evaluate(nowMs: number): Finding | null {
      if (cfg.timeoutMs === null) return null;
      const quietMs = nowMs - lastActivityMs;
      // Without a recent CPU reading the job may be computing: unavailable is never "idle".
      if (quietMs < cfg.timeoutMs || lastKnownCpuAtMs === null || lastKnownCpuAtMs < nowMs - cfg.timeoutMs) return null;
      return {
        detector: 'stall',
        severity: 'breach',
        observed: quietMs,
        threshold: cfg.timeoutMs,
        unit: 'ms',
        windowMs: cfg.timeoutMs,
        sampleLines: [],
        detail: { idleCpuPercent: cfg.idleCpuPercent },
      };
    },
    reset(nowMs: number): void {
      lastActivityMs = nowMs;
      lastKnownCpuAtMs = null;
    },
  };
}

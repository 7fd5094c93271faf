/** CPU sustained over a limit for a whole window (silent computation or a hot loop). */
import type { DetectionConfig, Finding, TreeSample } from '../types.js';

/** Share of the window that available samples must cover before the window can be judged. */
export const MIN_CPU_COVERAGE = 0.8;

interface CpuPoint {
  fromMs: number;
  atMs: number;
  cpuPercent: number | null;
}

/** Breach when the job ran for windowMs and every available sample in it is ≥ maxPercent, covering ≥ 80% of it. */
export function createCpuWindowDetector(cfg: DetectionConfig['cpu'], startMs: number) {
  let points: CpuPoint[] = [];
  let lastAtMs = startMs;
  let observedSinceMs = startMs;
  return {
    observe(sample: TreeSample): void {
      points.push({ fromMs: lastAtMs, atMs: sample.atMs, cpuPercent: sample.cpuPercent });
      lastAtMs = sample.atMs;
      const keepFromMs = sample.atMs - cfg.windowMs;
      while ((points[0]?.atMs ?? Infinity) <= keepFromMs) points.shift();
    },
    evaluate(nowMs: number): Finding | null {
      const windowStartMs = nowMs - cfg.windowMs;
      if (observedSinceMs > windowStartMs) return null;
      let coveredMs = 0;
      let sum = 0;
      let min = Infinity;
      let count = 0;
      for (const point of points) {
        if (point.atMs <= windowStartMs || point.atMs > nowMs || point.cpuPercent === null) continue;
        if (point.cpuPercent < cfg.maxPercent) return null;
        coveredMs += point.atMs - Math.max(point.fromMs, windowStartMs);
        sum += point.cpuPercent;
        min = Math.min(min, point.cpuPercent);
        count += 1;
      }
      const coverage = coveredMs / cfg.windowMs;
      if (count === 0 || coverage < MIN_CPU_COVERAGE) return null;
      return {
        detector: 'cpu',
        severity: 'breach',
        observed: Math.round(sum / count),
        threshold: cfg.maxPercent,
        unit: 'percent',
        windowMs: cfg.windowMs,
        sampleLines: [],
        detail: { minPercent: Math.round(min), samples: count, coverage: Math.round(coverage * 100) / 100 },
      };
    },
    reset(nowMs: number): void {
      points = [];
      lastAtMs = nowMs;
      observedSinceMs = nowMs;
    },
  };
}

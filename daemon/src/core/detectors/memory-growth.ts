/** Memory growth: least-squares slope of tree RSS over a window (a leak), and adaptive sampling. */
import type { DetectionConfig, Finding, TreeSample } from '../types.js';

/** Share of the growth window the samples must span before a slope is trusted. */
export const MIN_GROWTH_COVERAGE = 0.8;
/** The interval suggested while memory closes in on its limit. */
export const FAST_SAMPLE_INTERVAL_MS = 100;
/** RSS share of maxBytes from which sampling goes fast regardless of the slope. */
export const FAST_SAMPLE_RSS_RATIO = 0.8;

interface RssPoint {
  atMs: number;
  rssBytes: number;
}

/** Least-squares slope in bytes per second of the points, or null with fewer than 2 distinct times. */
export function computeSlopeBytesPerSecond(points: readonly RssPoint[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const t0 = points[0]?.atMs ?? 0;
  let sumT = 0;
  let sumY = 0;
  for (const p of points) {
    sumT += (p.atMs - t0) / 1000;
    sumY += p.rssBytes;
  }
  const meanT = sumT / n;
  const meanY = sumY / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    const dt = (p.atMs - t0) / 1000 - meanT;
    num += dt * (p.rssBytes - meanY);
    den += dt * dt;
  }
  return den === 0 ? null : num / den;
}

function availablePoints(samples: readonly TreeSample[]): RssPoint[] {
  const points: RssPoint[] = [];
  for (const s of samples) if (s.rssBytes !== null) points.push({ atMs: s.atMs, rssBytes: s.rssBytes });
  return points;
}

/** Warn when RSS grew faster than growthBytesPerSecond over the whole growthWindowMs. */
export function createMemoryGrowthDetector(cfg: DetectionConfig['memory']) {
  let points: RssPoint[] = [];
  return {
    observe(sample: TreeSample): void {
      if (sample.rssBytes === null) return;
      points.push({ atMs: sample.atMs, rssBytes: sample.rssBytes });
      const keepFromMs = sample.atMs - cfg.growthWindowMs;
      while ((points[0]?.atMs ?? Infinity) < keepFromMs) points.shift();
    },
    evaluate(nowMs: number): Finding | null {
      const inWindow = points.filter((p) => p.atMs >= nowMs - cfg.growthWindowMs && p.atMs <= nowMs);
      const first = inWindow[0];
      const last = inWindow[inWindow.length - 1];
      if (inWindow.length < 3 || first === undefined || last === undefined) return null;
      if (last.atMs - first.atMs < cfg.growthWindowMs * MIN_GROWTH_COVERAGE) return null;
      const slope = computeSlopeBytesPerSecond(inWindow);
      if (slope === null || slope <= cfg.growthBytesPerSecond) return null;
      return {
        detector: 'memory-growth',
        severity: 'warn',
        observed: Math.round(slope),
        threshold: cfg.growthBytesPerSecond,
        unit: 'bytes-per-second',
        windowMs: cfg.growthWindowMs,
        sampleLines: [],
        detail: { fromBytes: first.rssBytes, toBytes: last.rssBytes, samples: inWindow.length },
      };
    },
    reset(): void {
      points = [];
    },
  };
}

/**
 * The sampling interval to use next: FAST_SAMPLE_INTERVAL_MS while RSS is ≥ 80% of maxBytes or the
 * recent slope reaches maxBytes within five base intervals, else baseIntervalMs.
 */
export function suggestSampleIntervalMs(
  samples: readonly TreeSample[],
  baseIntervalMs: number,
  cfg: DetectionConfig['memory'],
): number {
  const fast = Math.min(baseIntervalMs, FAST_SAMPLE_INTERVAL_MS);
  const points = availablePoints(samples.slice(-10));
  const last = points[points.length - 1];
  if (cfg.maxBytes === null || last === undefined) return baseIntervalMs;
  if (last.rssBytes >= cfg.maxBytes * FAST_SAMPLE_RSS_RATIO) return fast;
  const slope = computeSlopeBytesPerSecond(points);
  if (slope === null || slope <= 0) return baseIntervalMs;
  const secondsToLimit = (cfg.maxBytes - last.rssBytes) / slope;
  return secondsToLimit * 1000 <= baseIntervalMs * 5 ? fast : baseIntervalMs;
}

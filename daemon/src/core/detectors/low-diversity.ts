/** Low diversity: a full window of output made of very few distinct (normalised) lines. */
import type { DetectionConfig, Finding } from '../types.js';
import { redactLine } from '../redact-line.js';
import { createLineWindow, type WindowLine } from './line-window.js';

const SAMPLE_COUNT = 3;

/** Breach when unique normalised lines / windowLines < minUniqueRatio, judged only on a full window. */
export function createLowDiversityDetector(cfg: DetectionConfig['diversity']) {
  const window = createLineWindow(cfg.windowLines);
  return {
    observe(line: WindowLine): void {
      window.push(line);
    },
    evaluate(nowMs: number): Finding | null {
      const lines = window.current();
      if (lines.length < cfg.windowLines) return null;
      const counts = new Map<string, { count: number; raw: string }>();
      for (const line of lines) {
        const entry = counts.get(line.normalized);
        counts.set(line.normalized, { count: (entry?.count ?? 0) + 1, raw: line.raw });
      }
      const ratio = counts.size / lines.length;
      if (ratio >= cfg.minUniqueRatio) return null;
      const top = [...counts.values()].sort((a, b) => b.count - a.count).slice(0, SAMPLE_COUNT);
      return {
        detector: 'low-diversity',
        severity: 'breach',
        observed: Math.round(ratio * 1000) / 1000,
        threshold: cfg.minUniqueRatio,
        unit: 'ratio',
        windowMs: nowMs - (lines[0]?.atMs ?? nowMs),
        sampleLines: top.map((entry) => redactLine(entry.raw)),
        detail: { uniqueLines: counts.size, windowLines: lines.length },
      };
    },
    reset(): void {
      window.clear();
    },
  };
}

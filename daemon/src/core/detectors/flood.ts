/** Flood: output rate over the line or byte limit for a whole window. */
import type { DetectionConfig, Finding } from '../types.js';
import type { VolumeWindow } from '../volume-window.js';

/** Breach when lines/s or bytes/s is over its limit over the full windowMs and over its last quarter (still flooding). */
export function createFloodDetector(cfg: DetectionConfig['flood'], volumes: VolumeWindow) {
  return {
    evaluate(nowMs: number): Finding | null {
      const whole = volumes.rates(nowMs, cfg.windowMs);
      if (whole.coveredMs < cfg.windowMs) return null;
      const recent = volumes.rates(nowMs, cfg.windowMs / 4);
      const byLines = whole.linesPerSecond > cfg.maxLinesPerSecond && recent.linesPerSecond > cfg.maxLinesPerSecond;
      const byBytes = whole.bytesPerSecond > cfg.maxBytesPerSecond && recent.bytesPerSecond > cfg.maxBytesPerSecond;
      if (!byLines && !byBytes) return null;
      return {
        detector: 'flood',
        severity: 'breach',
        observed: Math.round(byLines ? whole.linesPerSecond : whole.bytesPerSecond),
        threshold: byLines ? cfg.maxLinesPerSecond : cfg.maxBytesPerSecond,
        unit: byLines ? 'lines-per-second' : 'bytes-per-second',
        windowMs: cfg.windowMs,
        sampleLines: [],
        detail: { linesPerSecond: Math.round(whole.linesPerSecond), bytesPerSecond: Math.round(whole.bytesPerSecond) },
      };
    },
  };
}

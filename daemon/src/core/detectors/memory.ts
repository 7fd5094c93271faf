/** Memory over the limit: judged on the latest available tree RSS, so the reaction is one sample. */
import type { DetectionConfig, Finding, TreeSample } from '../types.js';

/** Breach as soon as the latest available RSS is over maxBytes. */
export function createMemoryDetector(cfg: DetectionConfig['memory']) {
  let latestRssBytes: number | null = null;
  return {
    observe(sample: TreeSample): void {
      if (sample.rssBytes !== null) latestRssBytes = sample.rssBytes;
    },
    evaluate(): Finding | null {
      if (cfg.maxBytes === null || latestRssBytes === null || latestRssBytes <= cfg.maxBytes) return null;
      return {
        detector: 'memory',
        severity: 'breach',
        observed: latestRssBytes,
        threshold: cfg.maxBytes,
        unit: 'bytes',
        windowMs: 0,
        sampleLines: [],
        detail: {},
      };
    },
    reset(): void {
      latestRssBytes = null;
    },
  };
}

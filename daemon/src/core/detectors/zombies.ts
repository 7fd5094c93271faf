/** Zombies: defunct children piling up in the tree (a parent that never reaps). */
import type { Finding, TreeSample } from '../types.js';

/** Breach when the latest available zombie count is over max. */
export function createZombieDetector(max: number) {
  let latest: number | null = null;
  return {
    observe(sample: TreeSample): void {
      if (sample.zombieCount !== null) latest = sample.zombieCount;
    },
    evaluate(): Finding | null {
      if (latest === null || latest <= max) return null;
      return {
        detector: 'zombies',
        severity: 'breach',
        observed: latest,
        threshold: max,
        unit: 'count',
        windowMs: 0,
        sampleLines: [],
        detail: {},
      };
    },
    reset(): void {
      latest = null;
    },
  };
}

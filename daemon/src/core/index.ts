/** Public API of the pure detection and policy core: no I/O, time comes in as arguments. */
export type * from './types.js';
export { normalizeLine, maskTimes } from './normalize-line.js';
export { redactLine } from './redact-line.js';
export { extractCounters, type Counter } from './extract-counters.js';
export { isCounterRising, type CounterPoint } from './counter-series.js';
export {
  computeProgress,
  createProgressGuard,
  DEFAULT_PROGRESS_OPTIONS,
  type ProgressGuard,
  type ProgressInput,
  type ProgressOptions,
} from './progress-guard.js';
export {
  createDetectionEngine,
  type DetectionEngine,
  type DetectionEngineOptions,
  type DetectionResult,
} from './detection-engine.js';
export { suggestSampleIntervalMs, computeSlopeBytesPerSecond, FAST_SAMPLE_INTERVAL_MS } from './memory.js';
export { findCycle, type RepetitionMatch } from './detectors/repetition.js';
export { computeIntent, type Intent } from './policy-rules.js';
export { createPolicy, type Policy } from './policy.js';
export {
  computeCanaryBucket,
  computeFnv1a32,
  computeTakenAction,
  isCanaryEnforced,
  isDestructiveAction,
  isRolloutEnforced,
} from './rollout.js';
export { renderReason, renderFinding } from './render-reason.js';

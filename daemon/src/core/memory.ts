/** Memory helpers the supervisor uses directly (adaptive sampling near the memory limit). */
export {
  suggestSampleIntervalMs,
  FAST_SAMPLE_INTERVAL_MS,
  computeSlopeBytesPerSecond,
} from './detectors/memory-growth.js';

/** Checks that span several fields of a resolved configuration (each field alone is already valid). */
import type { ResolvedConfig } from './types.js';
import { formatDurationMs } from './units.js';

const SOURCE = 'resolved config';

/** Returns a message for each cross-field rule the configuration breaks. */
export function checkResolvedConfig(cfg: ResolvedConfig): string[] {
  const errors: string[] = [];
  const ms = formatDurationMs;
  if (cfg.restart.backoffInitialMs > cfg.restart.backoffMaxMs) {
    errors.push(
      `${SOURCE}: restart.backoff_initial: expected ≤ restart.backoff_max (${ms(cfg.restart.backoffMaxMs)}), got ${ms(cfg.restart.backoffInitialMs)}`,
    );
  }
  if (cfg.detection.cpu.windowMs < cfg.sampleIntervalMs) {
    errors.push(
      `${SOURCE}: cpu.window: expected ≥ sample_interval (${ms(cfg.sampleIntervalMs)}) so a window holds a sample, got ${ms(cfg.detection.cpu.windowMs)}`,
    );
  }
  if (cfg.detection.memory.growthWindowMs < 2 * cfg.sampleIntervalMs) {
    errors.push(
      `${SOURCE}: memory.growth_window: expected ≥ 2 × sample_interval (${ms(2 * cfg.sampleIntervalMs)}) to measure a rate, got ${ms(cfg.detection.memory.growthWindowMs)}`,
    );
  }
  const { retryOnExit, noRetryOnExit } = cfg.restart;
  const both = Array.isArray(retryOnExit) ? retryOnExit.filter((code) => noRetryOnExit.includes(code)) : [];
  if (both.length > 0) {
    errors.push(
      `${SOURCE}: restart.no_retry_on_exit: expected no code also listed in restart.retry_on_exit, got ${both.join(', ')} in both`,
    );
  }
  return errors;
}

/** Pure restart arithmetic: exponential backoff with a cap, reset after a stable period, and a budget. */
import type { RestartConfig } from '../config/types.js';

/** What the restart loop remembers between attempts. */
export interface RestartHistory {
  /** Start times of past restarts, for the budget window. */
  restartsAtMs: number[];
  /** Restarts since the child last ran stably; drives the backoff exponent. */
  consecutive: number;
}

export type RestartVerdict =
  | { allowed: true; delayMs: number; history: RestartHistory }
  | { allowed: false; reason: string; history: RestartHistory };

/** Backoff before the next start: initial × 2^consecutive, capped. */
export function computeBackoffMs(consecutive: number, cfg: RestartConfig): number {
  return Math.min(cfg.backoffMaxMs, cfg.backoffInitialMs * 2 ** Math.min(consecutive, 30));
}

/** Decides whether another restart fits the budget, and after which delay. */
export function planRestart(
  history: RestartHistory,
  opts: { nowMs: number; childStartedAtMs: number },
  cfg: RestartConfig,
): RestartVerdict {
  const ranStably = opts.nowMs - opts.childStartedAtMs >= cfg.stableMs;
  const consecutive = ranStably ? 0 : history.consecutive;
  const recent = history.restartsAtMs.filter((at) => opts.nowMs - at < cfg.windowMs);
  if (recent.length >= cfg.maxRestarts) {
    return {
      allowed: false,
      reason: `restart budget exhausted: ${recent.length} restarts within ${Math.round(cfg.windowMs / 1000)} s (max ${cfg.maxRestarts})`,
      history: { restartsAtMs: recent, consecutive },
    };
  }
  return {
    allowed: true,
    delayMs: computeBackoffMs(consecutive, cfg),
    history: { restartsAtMs: [...recent, opts.nowMs], consecutive: consecutive + 1 },
  };
}

/** Whether a child's own exit code should be restarted under the retry settings. */
export function shouldRetryExit(exitCode: number, cfg: RestartConfig): boolean {
  if (exitCode === 0 || cfg.noRetryOnExit.includes(exitCode)) return false;
  if (cfg.retryOnExit === 'any-nonzero') return true;
  if (cfg.retryOnExit === 'none') return false;
  return cfg.retryOnExit.includes(exitCode);
}

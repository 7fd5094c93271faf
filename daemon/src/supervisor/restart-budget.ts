/** Pure restart arithmetic: exponential backoff with a cap, reset after a stable period, and a budget. */
import type { RestartConfig } from '../config/types.js';
import type { StopIntent } from './stop-controller.js';

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

/** What follows a child's exit: the run ends (under `intent`), or the child is started again. */
export type AfterExit =
  | {
      kind: 'end';
      intent: StopIntent | null;
      /** Why the restart that was due did not happen (the budget ran out), or null. */
      budgetExhausted: string | null;
      history: RestartHistory;
    }
  | {
      kind: 'restart';
      delayMs: number;
      /** The incident to hand the next attempt when the exit itself was the reason, or null. */
      incident: string | null;
      history: RestartHistory;
    };

/**
 * Decides what a child's exit leads to: a stop intent that asked for a restart, or an exit code the
 * retry settings cover, restarts it within the budget; everything else ends the run.
 */
export function planAfterExit(
  exit: { code: number | null; atMs: number },
  intent: StopIntent | null,
  state: { history: RestartHistory; childStartedAtMs: number },
  cfg: RestartConfig,
): AfterExit {
  const wantsRestart =
    intent?.then === 'restart' || (intent === null && exit.code !== null && shouldRetryExit(exit.code, cfg));
  if (!wantsRestart) return { kind: 'end', intent, budgetExhausted: null, history: state.history };
  const plan = planRestart(state.history, { nowMs: exit.atMs, childStartedAtMs: state.childStartedAtMs }, cfg);
  if (!plan.allowed) {
    return {
      kind: 'end',
      intent: { reason: 'policy-restart', then: 'end', message: plan.reason, budgetExhausted: true },
      budgetExhausted: plan.reason,
      history: plan.history,
    };
  }
  return {
    kind: 'restart',
    delayMs: plan.delayMs,
    incident: intent === null ? `exited with code ${exit.code ?? 'none'}` : null,
    history: plan.history,
  };
}

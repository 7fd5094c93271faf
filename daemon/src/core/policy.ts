/** The policy: findings and progress in, at most one decision out, after rules, rollout and cooldown. */
import type { Decision, PolicyConfig } from './types.js';
import type { DetectionResult } from './detection-engine.js';
import { computeIntent } from './policy-rules.js';
import { createAlertCooldown } from './alert-cooldown.js';
import { computeTakenAction, isDestructiveAction, isRolloutEnforced } from './rollout.js';
import { renderReason } from './render-reason.js';

/** The policy's interface; see createPolicy. */
export interface Policy {
  /** True when the rollout acts on this run (fixed for the run's key). */
  readonly enforced: boolean;
  /** The decision to record and act on at nowMs, or null to continue with nothing to record. */
  decide(result: DetectionResult, nowMs: number): Decision | null;
  /** Forgets cooldowns and escalation (after a restart or resume). */
  reset(): void;
}

/** Creates the policy of one run. */
export function createPolicy(cfg: PolicyConfig): Policy {
  const enforced = isRolloutEnforced(cfg);
  const cooldown = createAlertCooldown(cfg.alertCooldownMs);
  let previousEvalMs: number | null = null;

  function decide(result: DetectionResult, nowMs: number): Decision | null {
    const intent = computeIntent(result.findings, result.progress, cfg.onBreach);
    const lastEvalMs = previousEvalMs;
    previousEvalMs = nowMs;
    if (intent === null) return null;
    const taken = computeTakenAction(intent.action, enforced);
    const key = `${intent.action}:${intent.findings
      .map((f) => f.detector)
      .sort()
      .join('+')}`;
    const emitNewEpisode = isDestructiveAction(intent.action) && taken !== 'log_only';
    const level = cooldown.admit(key, nowMs, { previousEvalMs: lastEvalMs, emitNewEpisode });
    if (level === null) return null;
    const decision: Decision = {
      atMs: nowMs,
      intended: intent.action,
      taken,
      rollout: cfg.rollout,
      enforced,
      findings: intent.findings,
      progress: result.progress,
      level,
      reason: '',
      ...(intent.vetoedAction === null ? {} : { vetoedAction: intent.vetoedAction }),
    };
    return { ...decision, reason: renderReason(decision) };
  }

  return {
    enforced,
    decide,
    reset() {
      cooldown.clear();
      previousEvalMs = null;
    },
  };
}

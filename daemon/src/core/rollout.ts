/** Rollout modes: enforce acts, shadow only logs destructive actions, canary enforces on a stable share of runs. */
import type { Action, PolicyConfig, TakenAction } from './types.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the UTF-8 bytes of text, as an unsigned integer. */
export function computeFnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** The run's canary bucket, 0..99: FNV-1a 32-bit of runKey mod 100. */
export function computeCanaryBucket(runKey: string): number {
  return computeFnv1a32(runKey) % 100;
}

/** True when a canary run with this key is in the enforced share (bucket < percent). */
export function isCanaryEnforced(runKey: string, percent: number): boolean {
  return computeCanaryBucket(runKey) < percent;
}

/** True when the rollout acts on this run: always in enforce, never in shadow, by bucket in canary. */
export function isRolloutEnforced(cfg: Pick<PolicyConfig, 'rollout' | 'canaryPercent' | 'runKey'>): boolean {
  if (cfg.rollout === 'enforce') return true;
  if (cfg.rollout === 'shadow') return false;
  return isCanaryEnforced(cfg.runKey, cfg.canaryPercent);
}

/** True for actions that stop or change the child (kill, restart, pause). */
export function isDestructiveAction(action: Action): boolean {
  return action === 'kill' || action === 'restart' || action === 'pause';
}

/** What is actually done: destructive actions become 'log_only' on runs the rollout does not enforce. */
export function computeTakenAction(intended: Action, enforced: boolean): TakenAction {
  return isDestructiveAction(intended) && !enforced ? 'log_only' : intended;
}

/** Cooldown and escalation of repeated decisions on the same detectors. */

interface Entry {
  lastEmitMs: number;
  lastSeenMs: number;
  level: number;
}

/** How a decision key is admitted. */
export interface AdmitOptions {
  /** Time of the previous evaluation; a key not seen then starts a new episode. */
  previousEvalMs: number | null;
  /** Let a new episode through before the cooldown ends (enforced breaches after a restart). */
  emitNewEpisode: boolean;
}

/**
 * Admits a key at most once per cooldownMs and returns its escalation level (1, 2, …), or null when
 * suppressed; a key unseen for longer than cooldownMs starts again at level 1.
 */
export function createAlertCooldown(cooldownMs: number) {
  const entries = new Map<string, Entry>();
  return {
    admit(key: string, nowMs: number, options: AdmitOptions): number | null {
      let entry = entries.get(key);
      if (entry !== undefined && nowMs - entry.lastSeenMs > cooldownMs) entry = undefined;
      const newEpisode =
        entry !== undefined && options.previousEvalMs !== null && entry.lastSeenMs < options.previousEvalMs;
      const emit =
        entry === undefined || nowMs - entry.lastEmitMs >= cooldownMs || (options.emitNewEpisode && newEpisode);
      const level = emit ? (entry?.level ?? 0) + 1 : (entry?.level ?? 0);
      entries.set(key, { lastEmitMs: emit ? nowMs : (entry?.lastEmitMs ?? nowMs), lastSeenMs: nowMs, level });
      return emit ? level : null;
    },
    clear(): void {
      entries.clear();
    },
  };
}

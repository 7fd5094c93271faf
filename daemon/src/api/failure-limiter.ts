/** Counts failed attempts per client and locks a client out for a while after too many. */

/** Limits of a failure limiter. */
export interface FailureLimits {
  max: number;
  windowMs: number;
  lockoutMs: number;
}

/** A per-client failure counter with lockout; memory is bounded by maxClients. */
export interface FailureLimiter {
  /** Milliseconds until the client may try again, or 0 when it is not locked out. */
  retryAfterMs(client: string, nowMs: number): number;
  /** Records a failure; returns the lockout in ms when this failure locked the client, else 0. */
  recordFailure(client: string, nowMs: number): number;
}

interface Entry {
  failuresAtMs: number[];
  lockedUntilMs: number;
}

/** Creates a failure limiter (sliding window of failure times per client). */
export function createFailureLimiter(limits: FailureLimits, maxClients = 10_000): FailureLimiter {
  const entries = new Map<string, Entry>();

  const prune = (nowMs: number): void => {
    if (entries.size < maxClients) return;
    for (const [client, entry] of entries) {
      const lastMs = entry.failuresAtMs.at(-1) ?? 0;
      if (entry.lockedUntilMs <= nowMs && nowMs - lastMs > limits.windowMs) entries.delete(client);
    }
    // Still full of live entries: forget the oldest one rather than grow without bound.
    if (entries.size >= maxClients) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
  };

  return {
    retryAfterMs(client, nowMs) {
      const entry = entries.get(client);
      return entry && entry.lockedUntilMs > nowMs ? entry.lockedUntilMs - nowMs : 0;
    },
    recordFailure(client, nowMs) {
      let entry = entries.get(client);
      if (!entry) {
        prune(nowMs);
        entry = { failuresAtMs: [], lockedUntilMs: 0 };
        entries.set(client, entry);
      }
      entry.failuresAtMs = entry.failuresAtMs.filter((atMs) => nowMs - atMs < limits.windowMs);
      entry.failuresAtMs.push(nowMs);
      if (entry.failuresAtMs.length >= limits.max) {
        entry.lockedUntilMs = nowMs + limits.lockoutMs;
        entry.failuresAtMs = [];
        return limits.lockoutMs;
      }
      return 0;
    },
  };
}

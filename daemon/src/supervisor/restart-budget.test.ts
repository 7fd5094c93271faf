import { describe, expect, it } from 'vitest';
import type { RestartConfig } from '../config/types.js';
import { computeBackoffMs, planRestart, shouldRetryExit } from './restart-budget.js';

const cfg: RestartConfig = {
  maxRestarts: 3,
  windowMs: 60_000,
  backoffInitialMs: 500,
  backoffMaxMs: 4_000,
  stableMs: 30_000,
  retryOnExit: [1, 2],
  noRetryOnExit: [2],
};

describe('restart budget', () => {
  it.each([
    [0, 500],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [10, 4_000],
  ])('backs off exponentially with a cap: attempt %i waits %i ms', (consecutive, expected) => {
    expect(computeBackoffMs(consecutive, cfg)).toBe(expected);
  });

  it('gives up once the budget within the window is spent, and says why', () => {
    let history = { restartsAtMs: [] as number[], consecutive: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const verdict = planRestart(history, { nowMs: 1_000 * i, childStartedAtMs: 1_000 * i - 100 }, cfg);
      expect(verdict.allowed).toBe(true);
      if (verdict.allowed) delays.push(verdict.delayMs);
      history = verdict.history;
    }
    expect(delays).toEqual([500, 1_000, 2_000]);
    const last = planRestart(history, { nowMs: 5_000, childStartedAtMs: 4_900 }, cfg);
    expect(last.allowed).toBe(false);
    if (!last.allowed) expect(last.reason).toContain('3 restarts within 60 s');
  });

  it('forgets restarts older than the window', () => {
    const verdict = planRestart(
      { restartsAtMs: [0, 1, 2], consecutive: 3 },
      { nowMs: 70_000, childStartedAtMs: 69_000 },
      cfg,
    );
    expect(verdict.allowed).toBe(true);
  });

  it('resets the backoff after a stable run', () => {
    const verdict = planRestart(
      { restartsAtMs: [], consecutive: 5 },
      { nowMs: 100_000, childStartedAtMs: 60_000 },
      cfg,
    );
    expect(verdict.allowed && verdict.delayMs).toBe(500);
  });

  it.each([
    [0, false],
    [1, true],
    [2, false],
    [3, false],
  ])('retries exit code %i: %s', (code, expected) => {
    expect(shouldRetryExit(code, cfg)).toBe(expected);
  });

  it('retries any non-zero code except the excluded ones when told to', () => {
    const any: RestartConfig = { ...cfg, retryOnExit: 'any-nonzero', noRetryOnExit: [3] };
    expect([1, 3, 0, 137].map((c) => shouldRetryExit(c, any))).toEqual([true, false, false, true]);
  });
});

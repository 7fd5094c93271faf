import { describe, expect, it } from 'vitest';
import type { RestartConfig } from '../config/types.js';
import { computeBackoffMs, planAfterExit, planRestart, shouldRetryExit } from './restart-budget.js';
import type { StopIntent } from './stop-controller.js';

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

describe('what follows an exit', () => {
  const fresh = { history: { restartsAtMs: [] as number[], consecutive: 0 }, childStartedAtMs: 0 };
  const killThenRestart: StopIntent = { reason: 'policy-restart', then: 'restart', message: 'loop' };
  const killThenEnd: StopIntent = { reason: 'policy-kill', then: 'end', message: 'loop' };

  it.each([
    ['a clean exit', 0, null, 'end'],
    ['an exit code the retry settings name', 1, null, 'restart'],
    ['an exit code they also exclude', 2, null, 'end'],
    ['an exit code they do not name', 3, null, 'end'],
    ['a death by signal (no code)', null, null, 'end'],
    ['a policy restart, whatever the code', 137, killThenRestart, 'restart'],
    ['a policy kill, even with a retried code', 1, killThenEnd, 'end'],
  ] as const)('%s leads to %s', (_what, code, intent, kind) => {
    const next = planAfterExit({ code, atMs: 1_000 }, intent, fresh, cfg);
    expect(next.kind).toBe(kind);
    if (next.kind === 'end') {
      expect(next.intent).toBe(intent);
      expect(next.budgetExhausted).toBeNull();
      expect(next.history).toBe(fresh.history);
    }
  });

  it('hands the next attempt the exit as its incident, unless a stop intent already named one', () => {
    const byExit = planAfterExit({ code: 1, atMs: 1_000 }, null, fresh, cfg);
    const byPolicy = planAfterExit({ code: 137, atMs: 1_000 }, killThenRestart, fresh, cfg);
    expect(byExit).toMatchObject({ kind: 'restart', delayMs: 500, incident: 'exited with code 1' });
    expect(byPolicy).toMatchObject({ kind: 'restart', delayMs: 500, incident: null });
    expect(byExit.history).toEqual({ restartsAtMs: [1_000], consecutive: 1 });
  });

  it('ends the run as a spent restart budget, with the reason, when the restart does not fit', () => {
    const spent = { history: { restartsAtMs: [100, 200, 300], consecutive: 3 }, childStartedAtMs: 900 };
    const next = planAfterExit({ code: 1, atMs: 1_000 }, null, spent, cfg);
    expect(next.kind).toBe('end');
    if (next.kind !== 'end') return;
    expect(next.budgetExhausted).toContain('restart budget exhausted: 3 restarts within 60 s');
    expect(next.intent).toEqual({
      reason: 'policy-restart',
      then: 'end',
      message: next.budgetExhausted,
      budgetExhausted: true,
    });
  });
});

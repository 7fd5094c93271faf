import { describe, expect, it } from 'vitest';
import { getProfile } from '../config/profiles.js';
import { readLogRecording } from './read-log-recording.js';
import type { Recording } from './recording.js';
import { computeVerdict, replayRecording, type ReplayPolicy } from './replay-recording.js';

function policyOf(name: 'standard' | 'strict', maxTokens: number | null = null): ReplayPolicy {
  const config = getProfile(name);
  config.detection.budget.maxTokens = maxTokens;
  return { detection: config.detection, policy: { ...config.policy, runKey: 'test' } };
}

function usageRecording(totals: number[], restartAtMs: number[] = [], resumesAtMs: number[] = []): Recording {
  return {
    source: { kind: 'run', runId: 'r', name: 'r' },
    startedAtMs: 0,
    endedAtMs: null,
    config: null,
    ticks: [],
    usage: totals.map((tokensTotal, i) => ({ atMs: (i + 1) * 300, tokensTotal, costUsdTotal: 0 })),
    restartsAtMs: restartAtMs,
    resumesAtMs,
    decisions: [],
    ending: null,
    warnings: [],
  };
}

describe('replayRecording', () => {
  it('does not call a stall for the time a job was paused, as the live run did not', () => {
    // Idle samples at 1 s and right after a 10-minute pause that ended at 601 s.
    const idle = { cpuPercent: 0, rssBytes: 1e8, processCount: 1, zombieCount: 0 };
    const tick = (atMs: number) => ({ atMs, sample: idle, volume: null, lines: [], signals: [] });
    const withPause = (resumes: number[]): Recording => ({
      ...usageRecording([], [], resumes),
      ticks: [tick(1000), tick(601_000), tick(602_000)],
    });
    expect(replayRecording(withPause([]), policyOf('standard')).decisions.at(-1)).toMatchObject({
      atMs: 601_000,
      detectors: ['stall'],
    });
    expect(replayRecording(withPause([600_500]), policyOf('standard')).decisions).toEqual([]);
  });

  it('kills at the usage report that crosses the token budget', () => {
    const result = replayRecording(usageRecording([4000, 8000, 12_000, 16_000]), policyOf('standard', 10_000));
    expect(result.stoppedEarly).toBe(true);
    expect(result.decisions.at(-1)).toMatchObject({
      atMs: 900,
      taken: 'kill',
      detectors: ['token-budget'],
      detectionLatencyMs: 0,
    });
  });

  it('carries usage totals across a restart without counting them twice', () => {
    const result = replayRecording(usageRecording([6000, 9000], [450]), policyOf('standard', 10_000));
    expect(result.decisions.map((d) => d.taken)).toEqual([]);
  });

  it('kills a repeated log line under standard but not when the lines are slow', () => {
    const text = `${Array.from({ length: 100 }, () => 'retrying request to api').join('\n')}\n`;
    const fast = replayRecording(
      readLogRecording(text, { path: 'x.log', linesPerSecond: 20, tickMs: 1000 }),
      policyOf('standard'),
    );
    const slow = replayRecording(
      readLogRecording(text, { path: 'x.log', linesPerSecond: 1, tickMs: 1000 }),
      policyOf('standard'),
    );
    expect(computeVerdict(fast.decisions).taken).toBe('kill');
    expect(computeVerdict(slow.decisions).taken).not.toBe('kill');
  });
});

describe('computeVerdict', () => {
  const at = (atMs: number, taken: 'alert' | 'log_only' | 'kill', intended: 'alert' | 'kill') => ({
    atMs,
    taken,
    intended,
    detectors: [],
    reason: '',
  });
  it.each([
    ['continue without decisions', [], { taken: 'continue', atMs: null }],
    [
      'a logged kill over an alert',
      [at(1, 'alert', 'alert'), at(2, 'log_only', 'kill')],
      { taken: 'log_only', atMs: 2 },
    ],
    ['the first of equal kills', [at(3, 'kill', 'kill'), at(4, 'kill', 'kill')], { taken: 'kill', atMs: 3 }],
  ] as const)('picks %s', (_name, decisions, expected) => {
    expect(computeVerdict(decisions)).toMatchObject(expected);
  });
});

describe('readLogRecording', () => {
  it('feeds lines at the given rate in ticks and counts carriage-return redraws', () => {
    const rec = readLogRecording('a\nb\r50%\r60%\nc\n', { path: 'p', linesPerSecond: 2, tickMs: 1000 });
    expect(rec.ticks.map((t) => [t.atMs, t.lines.map((l) => l.text)])).toEqual([
      [1000, ['a', '60%']],
      [2000, ['c']],
    ]);
    expect(rec.ticks[0]?.volume).toMatchObject({ lines: 2, carriageReturns: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import type { RecordedDecision, Recording } from './recording.js';
import { buildReplayReport } from './render-replay.js';

const decision = (atMs: number, taken: RecordedDecision['taken']): RecordedDecision => ({
  atMs,
  intended: taken === 'log_only' ? 'kill' : taken,
  taken,
  detectors: ['repetition'],
  reason: 'the same line repeated',
});

/** A restarted run: restarts at 1 s and 3 s, then the budget ran out and the third breach stopped it. */
const recording: Recording = {
  source: { kind: 'run', runId: 'r1', name: 'loop' },
  startedAtMs: 0,
  endedAtMs: 6000,
  config: null,
  ticks: [],
  usage: [],
  restartsAtMs: [1500, 3500],
  resumesAtMs: [],
  decisions: [decision(1000, 'restart'), decision(3000, 'restart'), { ...decision(5000, 'kill'), intended: 'restart' }],
  ending: 'killed (policy-restart) at 5.0 s',
  warnings: [],
};

describe('buildReplayReport', () => {
  it('compares a replay that stopped at its first restart with what was recorded up to then: the same', () => {
    const report = buildReplayReport(
      recording,
      { decisions: [{ ...decision(1000, 'restart'), detectionLatencyMs: 900 }], stoppedEarly: true },
      'the recorded config',
    );
    expect(report.changed).toBe(false);
    expect(report.verdictLine).toBe('recorded: restart at 1.0 s; replay (the recorded config): restart at 1.0 s');
  });

  it('calls it changed when the replay acts earlier, or not at all', () => {
    const earlier = buildReplayReport(
      recording,
      { decisions: [{ ...decision(500, 'kill'), detectionLatencyMs: 400 }], stoppedEarly: true },
      'profile strict',
    );
    expect(earlier.changed).toBe(true);
    const never = buildReplayReport(recording, { decisions: [], stoppedEarly: false }, 'profile lenient');
    expect(never.changed).toBe(true);
  });
});

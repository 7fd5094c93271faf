import { describe, expect, it } from 'vitest';
import type { Finding, PolicyConfig, ProgressState } from './types.js';
import { createPolicy } from './policy.js';
import { computeIntent } from './policy-rules.js';

function finding(detector: Finding['detector'], extra: Partial<Finding> = {}): Finding {
  return {
    detector,
    severity: 'breach',
    observed: 1,
    threshold: 1,
    unit: 'count',
    windowMs: 0,
    sampleLines: [],
    detail: {},
    ...extra,
  };
}
const fastLoop = finding('repetition', {
  observed: 40,
  threshold: 20,
  detail: { cycleLength: 2, repeats: 40, windowLines: 200, linesPerSecond: 25, fast: true },
});
const slowLoop = finding('repetition', {
  detail: { cycleLength: 1, repeats: 30, windowLines: 30, linesPerSecond: 0.2, fast: false },
});
const idle: ProgressState = { progressing: false, reasons: [] };
const busy: ProgressState = { progressing: true, reasons: ["counter 'epoch #/20' rising (now 3)"] };
const warn = (detector: Finding['detector']) => finding(detector, { severity: 'warn' });

describe('computeIntent (default rules, onBreach = restart)', () => {
  const cases: [string, Finding[], ProgressState, string | null, string | null][] = [
    ['nothing found', [], idle, null, null],
    ['CPU alone (silent computation)', [finding('cpu')], idle, 'alert', null],
    ['CPU with repetition', [finding('cpu'), slowLoop], idle, 'restart', null],
    ['CPU with low diversity', [finding('cpu'), finding('low-diversity')], idle, 'restart', null],
    ['memory over the limit', [finding('memory')], busy, 'restart', null],
    ['flood with repetition', [finding('flood'), slowLoop], idle, 'restart', null],
    ['a flood of diverse content', [finding('flood')], idle, 'alert', null],
    ['a fast repetition loop', [fastLoop], idle, 'restart', null],
    ['a slow repetition (a poller)', [slowLoop], idle, 'alert', null],
    ['a stall', [finding('stall')], idle, 'restart', null],
    ['a missing heartbeat', [finding('heartbeat')], idle, 'restart', null],
    ['a timeout (always kill)', [finding('timeout')], busy, 'kill', null],
    ['a token budget breach', [finding('token-budget')], idle, 'kill', null],
    ['a cost budget warning', [warn('cost-budget')], idle, 'alert', null],
    ['zombies', [finding('zombies')], idle, 'alert', null],
    ['memory growth', [warn('memory-growth')], idle, 'alert', null],
    ['a fast loop while counters rise (progress explains it: nothing to record)', [fastLoop], busy, null, null],
    ['CPU with repetition while counters rise (progress explains both)', [finding('cpu'), fastLoop], busy, null, null],
    [
      'a flood of one line while counters rise (vetoed, flood still alerts)',
      [finding('flood'), fastLoop],
      busy,
      'alert',
      'restart',
    ],
    ['memory with a vetoable loop (memory is never vetoed)', [finding('memory'), fastLoop], busy, 'restart', null],
  ];
  it.each(cases)('%s', (_name, findings, progress, action, vetoed) => {
    const intent = computeIntent(findings, progress, 'restart');
    expect(intent?.action ?? null).toBe(action);
    expect(intent?.vetoedAction ?? null).toBe(vetoed);
  });
});

const base: PolicyConfig = {
  onBreach: 'kill',
  alertCooldownMs: 60_000,
  rollout: 'enforce',
  canaryPercent: 10,
  runKey: 'job',
};

describe('createPolicy', () => {
  it('renders the reason from the findings', () => {
    const cpu = finding('cpu', { observed: 98, threshold: 90, unit: 'percent', windowMs: 10_000 });
    const decision = createPolicy(base).decide({ findings: [cpu, fastLoop], progress: idle }, 1000);
    expect(decision).toMatchObject({ intended: 'kill', taken: 'kill', enforced: true, level: 1 });
    expect(decision?.reason).toBe(
      'CPU 98% ≥ 90% for 10 s with a 2-line cycle repeated 40 times (window 200 lines, 25 lines/s)',
    );
  });

  it('records a vetoed kill as an alert that names the progress', () => {
    const decision = createPolicy(base).decide({ findings: [finding('flood'), fastLoop], progress: busy }, 1000);
    expect(decision).toMatchObject({ intended: 'alert', taken: 'alert', vetoedAction: 'kill' });
    expect(decision?.reason).toContain("kill vetoed by the progress guard (counter 'epoch #/20' rising (now 3))");
  });

  it('alerts once per cooldown on the same detectors and raises the level on each repeat', () => {
    const policy = createPolicy(base);
    const result = { findings: [finding('cpu')], progress: idle };
    const levels = [0, 1000, 59_000, 60_000, 61_000, 120_000].map((t) => policy.decide(result, t)?.level ?? null);
    expect(levels).toEqual([1, null, null, 2, null, 3]);
  });

  it('starts again at level 1 once the condition was gone for a cooldown', () => {
    const policy = createPolicy(base);
    const result = { findings: [finding('cpu')], progress: idle };
    policy.decide(result, 0);
    policy.decide({ findings: [], progress: idle }, 1000);
    expect(policy.decide(result, 200_000)?.level).toBe(1);
  });

  it('alerts at once when the detector set changes', () => {
    const policy = createPolicy(base);
    policy.decide({ findings: [finding('cpu')], progress: idle }, 0);
    expect(policy.decide({ findings: [finding('cpu'), finding('zombies')], progress: idle }, 1000)).not.toBeNull();
  });

  it('logs a persisting breach in shadow mode once per cooldown, as log_only', () => {
    const policy = createPolicy({ ...base, rollout: 'shadow' });
    const result = { findings: [finding('memory')], progress: idle };
    const taken = [0, 1000, 2000, 60_000].map((t) => policy.decide(result, t)?.taken ?? null);
    expect(taken).toEqual(['log_only', null, null, 'log_only']);
    expect(policy.enforced).toBe(false);
  });

  it('keeps alerts as alerts in shadow mode', () => {
    const decision = createPolicy({ ...base, rollout: 'shadow' }).decide(
      { findings: [finding('cpu')], progress: idle },
      0,
    );
    expect(decision).toMatchObject({ intended: 'alert', taken: 'alert', enforced: false });
  });

  it('decides an enforced breach again when it comes back after a gap (a restarted attempt)', () => {
    const policy = createPolicy({ ...base, onBreach: 'restart' });
    const result = { findings: [fastLoop], progress: idle };
    expect(policy.decide(result, 0)?.taken).toBe('restart');
    expect(policy.decide({ findings: [], progress: idle }, 1000)).toBeNull();
    expect(policy.decide(result, 5000)?.taken).toBe('restart');
  });

  it('forgets cooldowns on reset', () => {
    const policy = createPolicy(base);
    const result = { findings: [finding('cpu')], progress: idle };
    policy.decide(result, 0);
    policy.reset();
    expect(policy.decide(result, 1000)?.level).toBe(1);
  });
});

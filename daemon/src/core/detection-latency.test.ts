import { describe, expect, it } from 'vitest';
import { computeDetectionLatencyMs, createBreachOnsets } from './detection-latency.js';
import type { Decision, Finding } from './types.js';

const finding = (over: Partial<Finding>): Finding => ({
  detector: 'cpu',
  severity: 'breach',
  observed: 95,
  threshold: 90,
  unit: 'percent',
  windowMs: 10_000,
  sampleLines: [],
  detail: {},
  ...over,
});

const decision = (atMs: number, findings: Finding[]): Decision => ({
  atMs,
  intended: 'kill',
  taken: 'kill',
  rollout: 'enforce',
  enforced: true,
  findings,
  progress: { progressing: false, reasons: [] },
  level: 1,
  reason: '',
});

describe('computeDetectionLatencyMs', () => {
  const cases: [string, Finding[], (onsets: ReturnType<typeof createBreachOnsets>) => void, number | null][] = [
    [
      'counts a time limit from the moment it was reached',
      [finding({ detector: 'stall', unit: 'ms', observed: 61_500, threshold: 60_000 })],
      () => undefined,
      1500,
    ],
    [
      'counts other breaches from the first evaluation that saw them',
      [finding({})],
      (o) => {
        o.observe([finding({})], 7000);
      },
      3000,
    ],
    [
      'takes the earliest of several breaches',
      [finding({}), finding({ detector: 'repetition', unit: 'count' })],
      (o) => {
        o.observe([finding({ detector: 'repetition', unit: 'count' })], 4000);
        o.observe([finding({}), finding({ detector: 'repetition', unit: 'count' })], 9000);
      },
      6000,
    ],
    [
      'is zero for a breach first seen at the decision',
      [finding({ detector: 'token-budget', unit: 'tokens' })],
      () => undefined,
      0,
    ],
    ['is null for a decision on warnings only', [finding({ severity: 'warn' })], () => undefined, null],
  ];
  it.each(cases)('%s', (_name, findings, prepare, expected) => {
    const onsets = createBreachOnsets();
    prepare(onsets);
    expect(computeDetectionLatencyMs(decision(10_000, findings), onsets)).toBe(expected);
  });

  it('forgets a breach that stopped, so a new one counts from its own start', () => {
    const onsets = createBreachOnsets();
    onsets.observe([finding({})], 1000);
    onsets.observe([], 2000);
    onsets.observe([finding({})], 5000);
    expect(onsets.onsetMs('cpu')).toBe(5000);
  });
});

import { describe, expect, it } from 'vitest';
import type { TreeSample } from '../types.js';
import { createCpuWindowDetector } from './cpu-window.js';
import { createMemoryDetector } from './memory.js';
import { createMemoryGrowthDetector, computeSlopeBytesPerSecond, suggestSampleIntervalMs } from './memory-growth.js';
import { createStallDetector } from './stall.js';
import { createHeartbeatDetector } from './heartbeat.js';
import { evaluateTimeout } from './timeout.js';
import { createZombieDetector } from './zombies.js';
import { createBudgetDetector } from './budget.js';

const sample = (atMs: number, fields: Partial<TreeSample> = {}): TreeSample => ({
  atMs,
  cpuPercent: null,
  rssBytes: null,
  processCount: 1,
  zombieCount: 0,
  ...fields,
});
/** One sample per second from 1 s to `seconds` s, with the cpu given by `cpuAt(second)`. */
const cpuSeries = (seconds: number, cpuAt: (s: number) => number | null) =>
  Array.from({ length: seconds }, (_, i) => sample((i + 1) * 1000, { cpuPercent: cpuAt(i + 1) }));

describe('cpu window detector (90% over 10 s)', () => {
  const cases: [string, TreeSample[], number, boolean][] = [
    ['CPU over the limit for the whole window', cpuSeries(12, () => 98), 12_000, true],
    ['CPU over the limit for less than the window', cpuSeries(8, () => 98), 8_000, false],
    ['one dip below the limit inside the window', cpuSeries(12, (s) => (s === 8 ? 40 : 98)), 12_000, false],
    ['a dip that already left the window', cpuSeries(20, (s) => (s === 3 ? 40 : 98)), 20_000, true],
    ['unavailable samples mixed in (not zero, not over)', cpuSeries(12, (s) => (s === 6 ? null : 98)), 12_000, true],
    [
      'mostly unavailable samples (not enough coverage)',
      cpuSeries(12, (s) => (s % 2 === 0 ? 98 : null)),
      12_000,
      false,
    ],
    ['all samples unavailable', cpuSeries(12, () => null), 12_000, false],
  ];
  it.each(cases)('%s', (_name, samples, nowMs, breach) => {
    const detector = createCpuWindowDetector({ maxPercent: 90, windowMs: 10_000 }, 0);
    samples.forEach((s) => {
      detector.observe(s);
    });
    const finding = detector.evaluate(nowMs);
    expect(finding !== null).toBe(breach);
    if (finding) expect(finding).toMatchObject({ detector: 'cpu', observed: 98, threshold: 90, unit: 'percent' });
  });

  it('forgets the window on reset', () => {
    const detector = createCpuWindowDetector({ maxPercent: 90, windowMs: 10_000 }, 0);
    cpuSeries(12, () => 98).forEach((s) => {
      detector.observe(s);
    });
    detector.reset(12_000);
    detector.observe(sample(13_000, { cpuPercent: 98 }));
    expect(detector.evaluate(13_000)).toBeNull();
  });
});

describe('memory detector (limit 1000 bytes)', () => {
  const cases: [string, (number | null)[], boolean][] = [
    ['the latest RSS over the limit', [500, 1200], true],
    ['RSS back under the limit', [1200, 900], false],
    ['the latest sample unavailable after a breach (the last reading stands)', [1200, null], true],
    ['no reading at all', [null], false],
  ];
  it.each(cases)('%s', (_name, rss, breach) => {
    const detector = createMemoryDetector({ maxBytes: 1000, growthBytesPerSecond: 1, growthWindowMs: 1000 });
    rss.forEach((rssBytes, i) => {
      detector.observe(sample(i * 1000, { rssBytes }));
    });
    expect(detector.evaluate() !== null).toBe(breach);
  });

  it('never breaches without a limit', () => {
    const detector = createMemoryDetector({ maxBytes: null, growthBytesPerSecond: 1, growthWindowMs: 1000 });
    detector.observe(sample(0, { rssBytes: 1e12 }));
    expect(detector.evaluate()).toBeNull();
  });
});

describe('memory growth detector (> 1 MB/s over 60 s)', () => {
  const cfg = { maxBytes: null, growthBytesPerSecond: 1e6, growthWindowMs: 60_000 };
  const series = (seconds: number, rssAt: (s: number) => number | null) =>
    Array.from({ length: seconds + 1 }, (_, s) => sample(s * 1000, { rssBytes: rssAt(s) }));
  const cases: [string, TreeSample[], number, boolean][] = [
    ['steady growth of 2 MB/s over the window', series(60, (s) => 1e8 + s * 2e6), 60_000, true],
    ['growth of 0.5 MB/s', series(60, (s) => 1e8 + s * 5e5), 60_000, false],
    ['flat memory with noise', series(60, (s) => 1e8 + (s % 2) * 3e6), 60_000, false],
    ['fast growth seen for too short a time', series(20, (s) => 1e8 + s * 5e6), 20_000, false],
    ['growth with unavailable samples', series(60, (s) => (s % 3 === 0 ? null : 1e8 + s * 2e6)), 60_000, true],
  ];
  it.each(cases)('%s', (_name, samples, nowMs, warn) => {
    const detector = createMemoryGrowthDetector(cfg);
    samples.forEach((s) => {
      detector.observe(s);
    });
    const finding = detector.evaluate(nowMs);
    expect(finding !== null).toBe(warn);
    if (finding) expect(finding.severity).toBe('warn');
  });

  it('computes the least-squares slope in bytes per second', () => {
    const points = [0, 1, 2, 3].map((s) => ({ atMs: s * 1000, rssBytes: 100 + s * 50 }));
    expect(computeSlopeBytesPerSecond(points)).toBeCloseTo(50);
  });
});

describe('suggestSampleIntervalMs (limit 1 GB, base 1000 ms)', () => {
  const cfg = { maxBytes: 1e9, growthBytesPerSecond: 1e6, growthWindowMs: 60_000 };
  const cases: [string, (number | null)[], number][] = [
    ['low and flat memory', [1e8, 1e8, 1e8], 1000],
    ['memory at 85% of the limit', [8.5e8], 100],
    ['memory climbing fast toward the limit', [3e8, 4e8, 5e8], 100],
    ['memory climbing slowly', [1e8, 1.01e8, 1.02e8], 1000],
    ['no reading', [null], 1000],
  ];
  it.each(cases)('%s', (_name, rss, expected) => {
    const samples = rss.map((rssBytes, i) => sample(i * 1000, { rssBytes }));
    expect(suggestSampleIntervalMs(samples, 1000, cfg)).toBe(expected);
  });

  it('keeps the base interval when no memory limit is set', () => {
    expect(suggestSampleIntervalMs([sample(0, { rssBytes: 9e9 })], 1000, { ...cfg, maxBytes: null })).toBe(1000);
  });
});

describe('stall detector (60 s, idle ≤ 2%)', () => {
  type Step = ['sample', number, number | null] | ['output', number] | ['signal', number];
  const cases: [string, Step[], number, boolean][] = [
    [
      'silent with idle CPU for the timeout',
      [
        ['output', 1000],
        ['sample', 30_000, 0],
        ['sample', 61_000, 0],
      ],
      61_000,
      true,
    ],
    [
      'silent with idle CPU for less than the timeout (a sleeping job)',
      [
        ['output', 1000],
        ['sample', 50_000, 0],
      ],
      50_000,
      false,
    ],
    [
      'silent but busy CPU (a computation)',
      [
        ['sample', 30_000, 90],
        ['sample', 61_000, 0],
      ],
      61_000,
      false,
    ],
    [
      'a protocol signal keeps it alive',
      [
        ['signal', 20_000],
        ['sample', 70_000, 0],
      ],
      70_000,
      false,
    ],
    ['silent with CPU unavailable (unknown is not idle)', [['sample', 61_000, null]], 61_000, false],
  ];
  it.each(cases)('%s', (_name, steps, nowMs, breach) => {
    const detector = createStallDetector({ timeoutMs: 60_000, idleCpuPercent: 2 }, 0);
    for (const step of steps) {
      if (step[0] === 'sample') detector.observeSample(sample(step[1], { cpuPercent: step[2] }));
      else if (step[0] === 'output') detector.observeOutput(step[1]);
      else detector.observeSignal(step[1]);
    }
    expect(detector.evaluate(nowMs) !== null).toBe(breach);
  });
});

describe('heartbeat detector (30 s)', () => {
  const cases: [string, number[], number, boolean][] = [
    ['never sent a heartbeat', [], 100_000, false],
    ['heartbeats stopped for longer than the timeout', [1000, 2000], 40_000, true],
    ['heartbeats keep coming', [1000, 20_000, 39_000], 40_000, false],
  ];
  it.each(cases)('%s', (_name, beats, nowMs, breach) => {
    const detector = createHeartbeatDetector({ timeoutMs: 30_000 });
    beats.forEach((atMs) => {
      detector.observeHeartbeat(atMs);
    });
    expect(detector.evaluate(nowMs) !== null).toBe(breach);
  });
});

describe('timeout, zombies and budgets', () => {
  it.each([
    ['before the timeout', 59_999, false],
    ['at the timeout', 60_000, true],
  ] as const)('timeout %s', (_name, nowMs, breach) => {
    expect(evaluateTimeout(60_000, 0, nowMs) !== null).toBe(breach);
    expect(evaluateTimeout(null, 0, nowMs)).toBeNull();
  });

  it.each([
    ['no zombies', 0, false],
    ['zombies at the maximum', 5, false],
    ['zombies over the maximum', 6, true],
  ] as const)('zombies: %s', (_name, count, breach) => {
    const detector = createZombieDetector(5);
    detector.observe(sample(0, { zombieCount: count }));
    expect(detector.evaluate() !== null).toBe(breach);
  });

  it.each([
    ['under the alert ratio', 700, null],
    ['at the alert ratio', 800, 'warn'],
    ['at the budget', 1000, 'breach'],
  ] as const)('token budget: %s', (_name, total, severity) => {
    const detector = createBudgetDetector('token-budget', 1000, { maxTokens: 1000, maxCostUsd: null, alertRatio: 0.8 });
    detector.observe(total);
    expect(detector.evaluate()?.severity ?? null).toBe(severity);
  });

  it('keeps budget totals across a restart that reports from zero again', () => {
    const detector = createBudgetDetector('cost-budget', 10, { maxTokens: null, maxCostUsd: 10, alertRatio: 0.8 });
    detector.observe(6);
    detector.reset();
    detector.observe(5);
    expect(detector.evaluate()).toMatchObject({
      detector: 'cost-budget',
      severity: 'breach',
      observed: 11,
      unit: 'usd',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { extractBareCounters, extractCounters } from './extract-counters.js';
import { isBareCounterRising, isCounterRising } from './counter-series.js';
import { computeProgress, createProgressGuard, DEFAULT_PROGRESS_OPTIONS } from './progress-guard.js';
import { maskTimes, normalizeLine } from './normalize-line.js';

describe('extractCounters', () => {
  const cases: [string, string, { value: number; total: number }[]][] = [
    ['a fraction', 'epoch 3/20 done', [{ value: 3, total: 20 }]],
    [
      'two fractions',
      'epoch 3/20 batch 120/500',
      [
        { value: 3, total: 20 },
        { value: 120, total: 500 },
      ],
    ],
    ['"of" counters', 'step 5 of 10', [{ value: 5, total: 10 }]],
    ['percentages', 'downloaded 45.5% so far', [{ value: 45.5, total: 100 }]],
    ['no dates', 'run on 2025/11/28 finished', []],
    ['no path segments', 'GET /items/12/34 200', []],
    ['no clock times', 'at 12:00:01 nothing', []],
    ['no value above its total', 'ratio 30/20', []],
  ];
  it.each(cases)('reads %s', (_name, line, expected) => {
    expect(extractCounters(line).map(({ value, total }) => ({ value, total }))).toEqual(expected);
  });

  it('keys a counter by its normalised prefix so ids and times do not split it', () => {
    const [a] = extractCounters('12:00:01 job 4f3a9c batch 3/10');
    const [b] = extractCounters('12:00:09 job 9b2e11 batch 4/10');
    expect(a?.key).toBe(b?.key);
  });
});

describe('isCounterRising', () => {
  const at = (values: number[]) => values.map((value, i) => ({ atMs: i * 1000, value }));
  const cases: [string, number[], boolean][] = [
    ['a counter that goes up', [1, 2, 3], true],
    ['a counter printed twice per value', [1, 1, 2, 2], true],
    ['a single value', [5], false],
    ['a counter stuck at one value', [7, 7, 7, 7], false],
    ['a retry loop replaying 1..5', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3], false],
    ['a batch counter after an epoch reset reaching new values', [480, 490, 500, 10, 20], true],
    ['a counter that went down last', [1, 2, 3, 1], false],
  ];
  it.each(cases)('judges %s', (_name, values, rising) => {
    expect(isCounterRising(at(values), 0)).toBe(rising);
  });

  it('does not count a rise older than the window', () => {
    expect(isCounterRising(at([1, 2, 2, 2, 2]), 3000)).toBe(false);
  });
});

describe('extractBareCounters', () => {
  const bare = (text: string) =>
    extractBareCounters(maskTimes(text), normalizeLine(text)).map((c) => ({
      place: c.key.slice(c.key.lastIndexOf('@')),
      value: c.value,
    }));
  it.each([
    ['PASSED tests/test_x.py::test_41', [{ place: '@0', value: 41 }]],
    [
      'fetched https://site/page/7 200 (12ms)',
      [
        { place: '@0', value: 7 },
        { place: '@1', value: 200 },
        { place: '@2', value: 12 },
      ],
    ],
    ['step 120 loss=0.5321', [{ place: '@0', value: 120 }]],
    ['[12:00:01] build v2 done at 2025-11-28T10:00:00Z', []],
    ['retrying request (attempt 7)', []],
    ['request 12 failed with status 503', []],
    ['no digits here', []],
  ])('%s', (text, expected) => {
    expect(bare(text)).toEqual(expected);
  });

  it('keys one series by the line template and the place, so item 41 and item 42 share it', () => {
    const [a] = extractBareCounters('item 41 done', normalizeLine('item 41 done'));
    const [b] = extractBareCounters('item 42 done', normalizeLine('item 42 done'));
    expect(a?.key).toBe(b?.key);
  });
});

describe('isBareCounterRising', () => {
  const points = (values: number[]) => values.map((value, i) => ({ atMs: 1000 + i * 100, value }));
  it.each([
    ['five values rising', [1, 2, 3, 4, 5], true],
    ['rising with repeats of the same value', [1, 1, 2, 2, 3, 4, 4, 5], true],
    ['only four values', [1, 2, 3, 4], false],
    ['a fall among the last five', [1, 2, 9, 3, 4, 5], false],
    ['rising long ago, then a fall', [1, 2, 3, 4, 5, 6, 2], false],
    ['random latencies', [12, 87, 33, 54, 91, 8, 77, 40], false],
    ['constant', [200, 200, 200, 200, 200, 200], false],
  ])('%s', (_name, values, rising) => {
    expect(isBareCounterRising(points(values), 0)).toBe(rising);
  });

  it('needs the counter still printed: last seen within the freshness bound', () => {
    expect(isBareCounterRising(points([1, 2, 3, 4, 5]), 0, 1401)).toBe(false);
    expect(isBareCounterRising(points([1, 2, 3, 4, 5]), 0, 1400)).toBe(true);
  });

  it('needs the last rise inside the window', () => {
    expect(isBareCounterRising(points([1, 2, 3, 4, 5]), 1401)).toBe(false);
    expect(isBareCounterRising(points([1, 2, 3, 4, 5]), 1400)).toBe(true);
  });
});

describe('computeProgress', () => {
  const empty = { counters: new Map(), bareCounters: new Map(), signals: [], volumes: [], lines: [] };
  const progress = (current: number | null, atMs: number) =>
    ({ kind: 'progress', atMs, current, total: 100, percent: null }) as const;

  const cases: [string, Parameters<typeof computeProgress>[0], boolean, string][] = [
    ['nothing at all', empty, false, ''],
    ['rising protocol progress', { ...empty, signals: [progress(1, 1000), progress(2, 2000)] }, true, 'protocol'],
    ['protocol progress that stopped rising', { ...empty, signals: [progress(2, 1000), progress(2, 2000)] }, false, ''],
    [
      'a rising counter',
      {
        ...empty,
        counters: new Map([
          [
            'epoch #/20',
            [
              { atMs: 1000, value: 1 },
              { atMs: 2000, value: 2 },
            ],
          ],
        ]),
      },
      true,
      'counter',
    ],
    [
      'carriage-return progress bars',
      { ...empty, volumes: [{ atMs: 2000, bytes: 400, lines: 5, carriageReturns: 5 }] },
      true,
      'progress bar',
    ],
    [
      'diverse output',
      { ...empty, lines: Array.from({ length: 100 }, (_, i) => ({ atMs: 2000, normalized: `line ${'x'.repeat(i)}` })) },
      true,
      'diverse',
    ],
    [
      'the same line over and over',
      { ...empty, lines: Array.from({ length: 100 }, () => ({ atMs: 2000, normalized: 'same' })) },
      false,
      '',
    ],
  ];
  it.each(cases)('reports %s', (_name, input, progressing, reason) => {
    const state = computeProgress(input, 3000);
    expect(state.progressing).toBe(progressing);
    expect(state.reasons.join(' ')).toContain(reason);
  });

  it('forgets progress older than the window', () => {
    const input = { ...empty, signals: [progress(1, 1000), progress(2, 2000)] };
    expect(computeProgress(input, 2000 + DEFAULT_PROGRESS_OPTIONS.windowMs + 1).progressing).toBe(false);
  });
});

describe('createProgressGuard', () => {
  it('sees a training loop whose step counter rises as progressing', () => {
    const guard = createProgressGuard();
    for (let step = 1; step <= 5; step++) {
      const text = `12:00:0${step} epoch 1/3 step ${step * 10}/500 loss=0.${step}`;
      guard.observeLine(step * 1000, text, normalizeLine(text));
    }
    expect(guard.evaluate(6000).progressing).toBe(true);
  });

  it('forgets everything on reset', () => {
    const guard = createProgressGuard();
    guard.observeSignal({ kind: 'progress', atMs: 1000, current: null, total: null, percent: null });
    guard.reset();
    expect(guard.evaluate(2000).progressing).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { extractCounters } from './extract-counters.js';
import { isCounterRising } from './counter-series.js';
import { computeProgress, createProgressGuard, DEFAULT_PROGRESS_OPTIONS } from './progress-guard.js';
import { normalizeLine } from './normalize-line.js';

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

describe('computeProgress', () => {
  const empty = { counters: new Map(), signals: [], volumes: [], lines: [] };
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

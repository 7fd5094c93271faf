import { describe, expect, it } from 'vitest';
import { normalizeLine } from '../normalize-line.js';
import { createVolumeWindow } from '../volume-window.js';
import { createRepetitionDetector, findCycle } from './repetition.js';
import { createLowDiversityDetector } from './low-diversity.js';
import { createFloodDetector } from './flood.js';

const lines = (texts: string[]) => texts.map((raw, i) => ({ atMs: i * 100, raw, normalized: normalizeLine(raw) }));
/** Lines printed at once, at `atMs` (a burst). */
const burst = (texts: string[], atMs: number) => texts.map((raw) => ({ atMs, raw, normalized: normalizeLine(raw) }));
const repeat = <T>(items: T[], times: number): T[] => Array.from({ length: times }, () => items).flat();
const unique = (n: number) =>
  Array.from({ length: n }, (_, i) => `event ${'abcdefghijklmnopqrstuvwxyz'[i % 26] ?? ''}${'q'.repeat(i)}`);

describe('findCycle', () => {
  const cases: [string, string[], { cycleLength: number; repeats: number } | null][] = [
    ['one line repeated', repeat(['a'], 10), { cycleLength: 1, repeats: 10 }],
    ['a two-line cycle', repeat(['a', 'b'], 6), { cycleLength: 2, repeats: 6 }],
    ['a three-line cycle after some noise', ['x', 'y', ...repeat(['a', 'b', 'c'], 5)], { cycleLength: 3, repeats: 5 }],
    ['no repetition', ['a', 'b', 'c', 'd'], null],
  ];
  it.each(cases)('finds %s', (_name, input, expected) => {
    const found = findCycle(input, 8);
    expect(found === null ? null : { cycleLength: found.cycleLength, repeats: found.repeats }).toEqual(expected);
  });
});

describe('repetition detector (window 200, ≥ 20 repeats, cycles ≤ 8, fast ≥ 2 lines/s)', () => {
  const cfg = { windowLines: 200, minRepeats: 20, maxCycleLength: 8, minLinesPerSecond: 2 };
  const agentCycle = (i: number) => [
    `[12:00:${String(i % 60).padStart(2, '0')}] tool_call search id=call_${(0xa00000 + i * 7919).toString(16)}`,
    `[12:00:${String(i % 60).padStart(2, '0')}] tool_result id=call_${(0xa00000 + i * 7919).toString(16)} 0 items`,
  ];
  const cases: [string, string[], { cycleLength: number; repeats: number } | null][] = [
    ['the same line 25 times', repeat(['ERROR connection refused'], 25), { cycleLength: 1, repeats: 25 }],
    [
      'an agent alternating two tool calls with changing ids',
      Array.from({ length: 30 }, (_, i) => agentCycle(i)).flat(),
      { cycleLength: 2, repeats: 30 },
    ],
    ['a cycle repeated fewer times than the minimum', repeat(['a', 'b', 'c'], 10), null],
    ['a cycle longer than the maximum cycle length', repeat(unique(9), 25).slice(0, 200), null],
    ['diverse output', unique(200), null],
  ];
  /** Feeds all but the last `tail` lines, evaluates (a first sighting), feeds the rest, evaluates again. */
  function evaluateGoingOn(detector: ReturnType<typeof createRepetitionDetector>, input: string[], tail = 4) {
    const all = lines(input);
    all.slice(0, -tail).forEach((line) => {
      detector.observe(line);
    });
    const first = detector.evaluate(29_000, 10);
    all.slice(-tail).forEach((line) => {
      detector.observe(line);
    });
    return { first, second: detector.evaluate(30_000, 10) };
  }

  it.each(cases)('%s', (_name, input, expected) => {
    const { second } = evaluateGoingOn(createRepetitionDetector(cfg), input);
    expect(second === null ? null : { cycleLength: second.detail.cycleLength, repeats: second.observed }).toEqual(
      expected,
    );
  });

  it('waits for a second evaluation when the repetition arrived at once (a burst, so far)', () => {
    const detector = createRepetitionDetector(cfg);
    burst(repeat(['ERROR connection refused'], 21), 1000).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(1000, 10)).toBeNull();
    burst(repeat(['ERROR connection refused'], 4), 2000).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(2000, 10)?.observed).toBe(25);
  });

  it('takes a repetition that arrived over a second or more at its first evaluation', () => {
    const detector = createRepetitionDetector(cfg);
    // lines() spaces them 100 ms apart: 25 lines take 2.4 s
    lines(repeat(['ERROR connection refused'], 25)).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(2500, 10)?.observed).toBe(25);
  });

  it('never takes a one-off burst for a loop: no new lines by the next evaluation', () => {
    const detector = createRepetitionDetector(cfg);
    burst([...unique(5), ...repeat([''], 60)], 1500).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(2000, 30)).toBeNull();
    expect(detector.evaluate(3000, 20)).toBeNull();
    expect(detector.evaluate(4000, 15)).toBeNull();
  });

  it('needs the new lines to continue the same cycle, ending on the newest line', () => {
    const detector = createRepetitionDetector(cfg);
    burst(repeat(['same a'], 30), 1000).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(1000, 30)).toBeNull();
    burst(['something else'], 1500).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(2000, 30)).toBeNull();
  });

  it('records the cycle raw lines, the threshold and whether the loop is fast', () => {
    const detector = createRepetitionDetector(cfg);
    const all = lines(repeat(['ping a', 'pong b'], 25));
    all.slice(0, -2).forEach((line) => {
      detector.observe(line);
    });
    detector.evaluate(4000, 0.5);
    all.slice(-2).forEach((line) => {
      detector.observe(line);
    });
    expect(detector.evaluate(5000, 0.5)).toMatchObject({
      detector: 'repetition',
      threshold: 20,
      unit: 'count',
      sampleLines: ['ping a', 'pong b'],
      detail: { cycleLength: 2, repeats: 25, fast: false, linesPerSecond: 0.5 },
    });
  });
});

describe('low-diversity detector (window 100, < 10% unique)', () => {
  const cases: [string, string[], boolean][] = [
    ['a full window of three distinct lines', repeat(['a x', 'b y', 'c z'], 40), true],
    ['a window that is not full yet', repeat(['a x'], 50), false],
    ['a full window of diverse lines', unique(120), false],
  ];
  it.each(cases)('%s', (_name, input, breach) => {
    const detector = createLowDiversityDetector({ windowLines: 100, minUniqueRatio: 0.1 });
    lines(input).forEach((line) => {
      detector.observe(line);
    });
    const finding = detector.evaluate(20_000);
    expect(finding !== null).toBe(breach);
    if (finding) expect(finding).toMatchObject({ observed: 0.03, unit: 'ratio', detail: { uniqueLines: 3 } });
  });
});

describe('flood detector (1000 lines/s or 1 MB/s over 10 s)', () => {
  const cfg = { maxLinesPerSecond: 1000, maxBytesPerSecond: 1e6, windowMs: 10_000 };
  const cases: [string, number, (s: number) => { lines: number; bytes: number }, boolean, string | null][] = [
    ['5000 lines/s for 12 s', 12, () => ({ lines: 5000, bytes: 1e5 }), true, 'lines-per-second'],
    ['2 MB/s of long lines for 12 s', 12, () => ({ lines: 100, bytes: 2e6 }), true, 'bytes-per-second'],
    ['5000 lines/s for only 5 s', 5, () => ({ lines: 5000, bytes: 1e5 }), false, null],
    ['a burst that stopped', 12, (s) => (s <= 6 ? { lines: 20_000, bytes: 1e5 } : { lines: 0, bytes: 0 }), false, null],
    ['a steady 500 lines/s', 12, () => ({ lines: 500, bytes: 5e4 }), false, null],
  ];
  it.each(cases)('%s', (_name, seconds, rate, breach, unit) => {
    const volumes = createVolumeWindow(10_000, 0);
    for (let s = 1; s <= seconds; s++) volumes.observe({ atMs: s * 1000, carriageReturns: 0, ...rate(s) });
    const finding = createFloodDetector(cfg, volumes).evaluate(seconds * 1000);
    expect(finding !== null).toBe(breach);
    expect(finding?.unit ?? null).toBe(unit);
  });
});

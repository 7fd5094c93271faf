import { describe, expect, it } from 'vitest';
import { createLineRetention, linesBytes } from './line-retention.js';

describe('line retention', () => {
  it('hands back the oldest events once a run passes its budget, and keeps the newest', () => {
    const retention = createLineRetention(250);
    expect(retention.add('r', 1, 100)).toEqual([]);
    expect(retention.add('r', 2, 100)).toEqual([]);
    expect(retention.add('r', 3, 100)).toEqual([1]);
    expect(retention.add('r', 4, 200)).toEqual([2, 3]);
    expect(retention.add('r', 5, 10)).toEqual([]);
  });

  it('keeps one budget per run', () => {
    const retention = createLineRetention(150);
    expect(retention.add('a', 1, 100)).toEqual([]);
    expect(retention.add('b', 2, 100)).toEqual([]);
    expect(retention.add('a', 3, 100)).toEqual([1]);
    expect(retention.add('b', 4, 10)).toEqual([]);
  });

  it('never hands back the newest event, even when it alone is over the budget', () => {
    const retention = createLineRetention(50);
    expect(retention.add('r', 1, 80)).toEqual([]);
    expect(retention.add('r', 2, 90)).toEqual([1]);
  });

  it('starts a run afresh once it is forgotten', () => {
    const retention = createLineRetention(150);
    retention.add('r', 1, 100);
    retention.forget('r');
    expect(retention.add('r', 2, 100)).toEqual([]);
  });

  it('stays correct over many events (its bookkeeping compacts as it goes)', () => {
    const retention = createLineRetention(1000);
    const handedBack: number[] = [];
    for (let id = 1; id <= 10_000; id++) handedBack.push(...retention.add('r', id, 10));
    // 100 events fit the budget: all but the newest 100 were handed back, oldest first, once each.
    expect(handedBack).toEqual(Array.from({ length: 9_900 }, (_, i) => i + 1));
  });

  it('counts the text of lines plus a little for each', () => {
    expect(linesBytes([{ text: 'abc' }, { text: '' }])).toBe(3 + 48 * 2);
  });
});

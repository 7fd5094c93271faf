import { describe, expect, it } from 'vitest';
import { parseProcStat } from './proc-stat.js';

/** A realistic stat line: utime 7, stime 3, 1 thread, starttime 500, rss 250 pages. */
const line = (comm: string, state = 'S') =>
  `42 (${comm}) ${state} 1 42 42 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 500 1000000 250 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0`;

describe('parseProcStat', () => {
  it.each([
    ['a plain command name', 'python3'],
    ['a name with spaces and parentheses', 'my (weird) name'],
    ['a name ending in a parenthesis', 'x)'],
  ])('parses the fields after %s', (_name, comm) => {
    expect(parseProcStat(42, line(comm))).toEqual({
      pid: 42,
      state: 'S',
      ppid: 1,
      pgid: 42,
      ticks: 10,
      threads: 1,
      startTime: 500,
      rssPages: 250,
    });
  });

  it.each([
    ['no closing parenthesis', '42 (python3 S 1 42'],
    ['too few fields', '42 (python3) S 1 42 42'],
    ['a non-numeric field', line('x').replace(' 7 3 ', ' seven 3 ')],
  ])('returns null for %s', (_name, text) => {
    expect(parseProcStat(42, text)).toBeNull();
  });

  it('reads the zombie state letter', () => {
    expect(parseProcStat(42, line('sh', 'Z'))?.state).toBe('Z');
  });
});

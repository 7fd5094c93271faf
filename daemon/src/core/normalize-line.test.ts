import { describe, expect, it } from 'vitest';
import { normalizeLine } from './normalize-line.js';
import { redactLine } from './redact-line.js';

describe('normalizeLine', () => {
  const equalPairs: [string, string, string][] = [
    ['hex ids and clock times', 'call tool search id=4f3a9c at 12:00:01', 'call tool search id=9b2e11 at 12:00:02'],
    ['ISO timestamps', '2025-11-28T08:21:05.123Z retrying', '2025-11-29T23:01:59Z retrying'],
    ['UUIDs', 'job 123e4567-e89b-12d3-a456-426614174000 done', 'job 9f1c2d3e-0000-4aaa-8bbb-cccccccccccc done'],
    ['dates', 'report for 28/11/2025 ready', 'report for 01/12/2025 ready'],
    ['numbers of any width', 'loss=0.2341 after 12 steps', 'loss=10.5 after 1200 steps'],
    ['paths with ids', 'wrote /runs/job7a3/out.json', 'wrote /runs/jobz91/out.json'],
    ['quoted ids', 'fetch "req-8812" failed', "fetch 'req-19' failed".replace(/'/g, '"')],
    ['mixed tool-call ids', 'toolu_01A2b3C4d5XyZ ok', 'toolu_09Zz8Yy7Xx6Ww ok'],
    ['ANSI colours', '\u001b[32mPASS\u001b[0m a.test.ts', 'PASS a.test.ts'],
    ['padding whitespace', 'loss:   0.5', 'loss: 10.5'],
    ['progress bar glyphs', ' 45%|████▌     | 450/1000', ' 46%|█████     | 460/1000'],
  ];
  it.each(equalPairs)('normalises lines that differ only in %s to the same string', (_name, a, b) => {
    expect(normalizeLine(a)).toBe(normalizeLine(b));
  });

  const differentPairs: [string, string, string][] = [
    ['different tool names', 'call tool search id=4f3a9c', 'call tool fetch id=4f3a9c'],
    ['different URL slugs', 'GET /catalogue/amber-river/index.html', 'GET /catalogue/quiet-meadow/index.html'],
    ['English words made of hex letters', 'a decade of facade', 'a decade of arcade'],
  ];
  it.each(differentPairs)('keeps lines apart that differ in %s', (_name, a, b) => {
    expect(normalizeLine(a)).not.toBe(normalizeLine(b));
  });

  it('masks ids and times with readable placeholders', () => {
    expect(normalizeLine('call tool search id=4f3a9c at 12:00:01')).toBe('call tool search id=<hex> at <time>');
  });
});

describe('redactLine', () => {
  const cases: [string, string, string][] = [
    ['bearer tokens', 'Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['key=value secrets', 'api_key=sk_live_123456 user=bob', 'sk_live_123456'],
    ['well-known token shapes', 'using ghp_abcdefghijklmnop1234 now', 'ghp_abcdefghijklmnop1234'],
  ];
  it.each(cases)('masks %s', (_name, input, secret) => {
    const redacted = redactLine(input);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactLine('user=bob fetched 3 pages')).toBe('user=bob fetched 3 pages');
  });

  it('caps a long line at 240 characters', () => {
    expect(redactLine('x'.repeat(1000))).toHaveLength(240);
  });
});

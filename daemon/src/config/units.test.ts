import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatSizeBytes, parseDurationMs, parseSizeBytes } from './units.js';

describe('parseDurationMs', () => {
  const good: [unknown, number][] = [
    [10, 10_000],
    [0.5, 500],
    ['90', 90_000],
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    [' 1.5s ', 1500],
  ];
  it.each(good)('reads %j as %i ms', (raw, ms) => {
    expect(parseDurationMs(raw)).toEqual({ ok: true, value: ms });
  });
  it.each([['soon'], ['10 s'], ['-5s'], [''], ['5x'], [true], [null], [-1]])('rejects %j', (raw) => {
    expect(parseDurationMs(raw).ok).toBe(false);
  });
  it.each([0, 500, 1000, 90_000, 5_400_000, 7_201_000])('formats %i ms so it parses back', (ms) => {
    expect(parseDurationMs(formatDurationMs(ms))).toEqual({ ok: true, value: ms });
  });
});

describe('parseSizeBytes', () => {
  const good: [unknown, 'B' | 'MB', number][] = [
    [512, 'MB', 512e6],
    ['512', 'MB', 512e6],
    [4096, 'B', 4096],
    ['512MB', 'B', 512e6],
    ['1GiB', 'MB', 1024 ** 3],
    ['64 KiB', 'B', 65_536],
    ['1.5gb', 'MB', 1.5e9],
  ];
  it.each(good)('reads %j (plain unit %s) as %i bytes', (raw, unit, bytes) => {
    expect(parseSizeBytes(raw, unit)).toEqual({ ok: true, value: bytes });
  });
  it.each([['lots'], ['5XB'], [-1], [false]])('rejects %j', (raw) => {
    expect(parseSizeBytes(raw, 'MB').ok).toBe(false);
  });
  it.each([0, 1234, 8192, 16e6, 1024 ** 3, 1e9])('formats %i bytes so it parses back', (bytes) => {
    expect(parseSizeBytes(formatSizeBytes(bytes), 'B')).toEqual({ ok: true, value: bytes });
  });
});

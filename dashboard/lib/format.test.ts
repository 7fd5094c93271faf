import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCommand,
  formatDuration,
  formatFindingValue,
  formatPercent,
  formatUsd,
} from './format';
import type { FindingUnit } from './types';

describe('formatBytes', () => {
  it.each([
    ['unavailable as a dash', null, '—'],
    ['plain bytes', 512, '512 B'],
    ['kibibytes with one decimal', 1536, '1.5 KiB'],
    ['mebibytes', 13.7 * 1024 * 1024, '13.7 MiB'],
    ['hundreds without decimals', 512 * 1024 * 1024, '512 MiB'],
    ['gibibytes', 3 * 1024 ** 3, '3.0 GiB'],
  ])('renders %s', (_name, bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    ['unavailable as a dash', null, '—'],
    ['zero without decimals', 0, '0%'],
    ['small values with one decimal', 4.25, '4.3%'],
    ['several cores without decimals', 187.4, '187%'],
  ])('renders %s', (_name, value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    ['milliseconds', 850, '850 ms'],
    ['seconds', 42_000, '42 s'],
    ['minutes and padded seconds', 252_000, '4 min 12 s'],
    ['hours and padded minutes', 7_380_000, '2 h 03 min'],
    ['days and hours', 3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    ['negative as unavailable', -1, '—'],
  ])('renders %s', (_name, ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatAgo', () => {
  it.each([
    ['just now under five seconds', 3_000, 'just now'],
    ['seconds', 42_000, '42 s ago'],
    ['minutes', 5 * 60_000, '5 min ago'],
    ['days', 2 * 86_400_000, '2 d ago'],
  ])('renders %s', (_name, ago, expected) => {
    expect(formatAgo(1_000_000_000_000 - ago, 1_000_000_000_000)).toBe(expected);
  });
});

describe('formatFindingValue', () => {
  const cases: [string, number, FindingUnit, string][] = [
    ['percent', 99.2, 'percent', '99.2%'],
    ['bytes', 1024 * 1024 * 600, 'bytes', '600 MiB'],
    ['growth rate', 2 * 1024 * 1024, 'bytes-per-second', '2.0 MiB/s'],
    ['ratio', 0.125, 'ratio', '0.13'],
    ['line rate', 15.94, 'lines-per-second', '15.9 lines/s'],
    ['window in ms', 10_000, 'ms', '10 s'],
    ['count', 1234, 'count', '1,234'],
    ['tokens', 120_000, 'tokens', '120,000 tokens'],
    ['dollars', 1.5, 'usd', '$1.50'],
  ];
  it.each(cases)('renders %s with its unit', (_name, value, unit, expected) => {
    expect(formatFindingValue(value, unit)).toBe(expected);
  });
});

describe('formatUsd and formatCommand', () => {
  it('shows sub-cent costs with four decimals', () => {
    expect(formatUsd(0.0042)).toBe('$0.0042');
  });
  it('quotes arguments a shell would split or expand', () => {
    expect(formatCommand(['bash', '-c', "echo 'hi' && sleep 1", '--x=1'])).toBe(
      `bash -c 'echo '\\''hi'\\'' && sleep 1' --x=1`,
    );
  });
});

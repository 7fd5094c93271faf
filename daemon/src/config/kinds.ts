/**
 * Value kinds of configuration fields: how a raw value (YAML scalar, env var text or flag text) is
 * parsed, what is expected when it is wrong, and how a resolved value is written back for people.
 */
import {
  formatDurationMs,
  formatSizeBytes,
  parseBooleanText,
  parseDurationMs,
  parseNumberText,
  parsePercent,
  parseSizeBytes,
  type Parsed,
} from './units.js';

/** The input shape of a kind, which schema.ts maps to a zod type. */
export type InputType =
  | 'duration'
  | 'size'
  | 'percent'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string'
  | 'enum'
  | 'exit-codes'
  | 'retry-exit'
  | 'date';

/** A value kind: parse raw input to the resolved unit, and format it back to the user-facing unit. */
export interface Kind<T> {
  input: InputType;
  expected: string;
  nullable: boolean;
  /** The word that stands for null in a nullable kind. */
  offWord?: 'off' | 'auto';
  values?: readonly string[];
  parse(raw: unknown): Parsed<T>;
  format(value: T): unknown;
}

interface Range {
  min?: number;
  max?: number;
  /** True when min itself is not allowed. */
  minExclusive?: boolean;
}

function rangeText(range: Range, show: (n: number) => string): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${range.minExclusive === true ? '>' : '≥'} ${show(range.min)}`);
  if (range.max !== undefined) parts.push(`≤ ${show(range.max)}`);
  return parts.length === 0 ? '' : ` (${parts.join(' and ')})`;
}

function inRange(value: number, range: Range): boolean {
  if (range.min !== undefined && (range.minExclusive === true ? value <= range.min : value < range.min)) return false;
  return range.max === undefined || value <= range.max;
}

function ranged(
  input: InputType,
  parse: (raw: unknown) => Parsed<number>,
  base: string,
  range: Range,
  format: (n: number) => unknown,
  show: (n: number) => string,
): Kind<number> {
  const expected = base + rangeText(range, show);
  return {
    input,
    expected,
    nullable: false,
    parse(raw) {
      const parsed = parse(raw);
      return parsed.ok && inRange(parsed.value, range) ? parsed : { ok: false, expected };
    },
    format,
  };
}

/** A duration, resolved to milliseconds. */
export function duration(range: Range = {}): Kind<number> {
  const base = 'a duration like "10s", "500ms", "5m" or a number of seconds';
  return ranged('duration', parseDurationMs, base, range, formatDurationMs, formatDurationMs);
}

/** A size, resolved to bytes; plain numbers are in `plainUnit`. */
export function size(plainUnit: 'B' | 'MB', range: Range = {}): Kind<number> {
  const base = `a size like "512MB" or "1GiB" or a number of ${plainUnit === 'B' ? 'bytes' : 'MB (10^6 bytes)'}`;
  const parse = (raw: unknown): Parsed<number> => parseSizeBytes(raw, plainUnit);
  return ranged('size', parse, base, range, formatSizeBytes, formatSizeBytes);
}

/** A percentage where 100 is one CPU core (or 100 % of runs for canary). */
export function percent(range: Range = {}): Kind<number> {
  return ranged('percent', parsePercent, 'a percentage like 90 or "90%"', range, (n) => n, String);
}

/** A whole number. */
export function integer(range: Range = {}): Kind<number> {
  const parse = (raw: unknown): Parsed<number> => {
    const value = parseNumberText(raw);
    return value !== null && Number.isInteger(value) ? { ok: true, value } : { ok: false, expected: '' };
  };
  return ranged('integer', parse, 'a whole number', range, (n) => n, String);
}

/** A non-negative decimal number. */
export function decimal(range: Range = {}): Kind<number> {
  const parse = (raw: unknown): Parsed<number> => {
    const value = parseNumberText(raw);
    return value === null ? { ok: false, expected: '' } : { ok: true, value };
  };
  return ranged('number', parse, 'a number', range, (n) => n, String);
}

/** True or false. */
export function boolean(): Kind<boolean> {
  return { input: 'boolean', expected: 'true or false', nullable: false, parse: parseBooleanText, format: (b) => b };
}

/** A non-empty text of at most `maxLength` characters. */
export function text(maxLength = 1000): Kind<string> {
  const expected = `a non-empty text of at most ${maxLength} characters`;
  return {
    input: 'string',
    expected,
    nullable: false,
    parse: (raw) =>
      typeof raw === 'string' && raw.length > 0 && raw.length <= maxLength
        ? { ok: true, value: raw }
        : { ok: false, expected },
    format: (s) => s,
  };
}

/** A calendar date written YYYY-MM-DD. */
export function date(): Kind<string> {
  const expected = 'a date written YYYY-MM-DD';
  return {
    input: 'date',
    expected,
    nullable: false,
    parse: (raw) =>
      typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { ok: true, value: raw } : { ok: false, expected },
    format: (s) => s,
  };
}

/** One of a closed set of words. */
export function oneOf<const V extends string>(values: readonly V[]): Kind<V> {
  const expected = `one of ${values.join(', ')}`;
  const isValue = (raw: unknown): raw is V => typeof raw === 'string' && (values as readonly string[]).includes(raw);
  return {
    input: 'enum',
    expected,
    nullable: false,
    values,
    parse: (raw) => {
      const value = typeof raw === 'string' ? raw.trim() : raw;
      return isValue(value) ? { ok: true, value } : { ok: false, expected };
    },
    format: (v) => v,
  };
}

function parseExitCodes(raw: unknown): number[] | null {
  const items = typeof raw === 'string' ? (raw.trim() === '' ? [] : raw.split(',')) : raw;
  if (!Array.isArray(items)) return null;
  const codes = items.map((item: unknown) => parseNumberText(typeof item === 'string' ? item.trim() : item));
  return codes.every((c): c is number => c !== null && Number.isInteger(c) && c <= 255) ? codes : null;
}

/** A list of process exit codes (0-255): a YAML list, or text like "1,2,137". */
export function exitCodes(): Kind<number[]> {
  const expected = 'a list of exit codes 0-255, like [1, 2] or "1,2"';
  return {
    input: 'exit-codes',
    expected,
    nullable: false,
    parse: (raw) => {
      const codes = parseExitCodes(raw);
      return codes === null ? { ok: false, expected } : { ok: true, value: codes };
    },
    format: (codes) => codes,
  };
}

/** Which exits are restarted: "any-nonzero", "none", or a list of exit codes. */
export function retryExit(): Kind<number[] | 'any-nonzero' | 'none'> {
  const expected = '"any-nonzero" (alias "any"), "none" or a list of exit codes 0-255 like [1, 75] or "1,75"';
  return {
    input: 'retry-exit',
    expected,
    nullable: false,
    parse: (raw) => {
      if (raw === 'any-nonzero' || raw === 'none') return { ok: true, value: raw };
      if (raw === 'any') return { ok: true, value: 'any-nonzero' };
      const codes = parseExitCodes(raw);
      return codes === null || codes.length === 0 ? { ok: false, expected } : { ok: true, value: codes };
    },
    format: (v) => v,
  };
}

/** Makes a kind switchable off: null or `word` ("off", or "auto" where null means "derived") resolve to null. */
export function orOff<T>(kind: Kind<T>, word: 'off' | 'auto' = 'off'): Kind<T | null> {
  const expected = `${kind.expected}, or "${word}"`;
  return {
    ...kind,
    expected,
    nullable: true,
    offWord: word,
    parse: (raw) => {
      if (raw === null || (typeof raw === 'string' && raw.trim().toLowerCase() === word))
        return { ok: true, value: null };
      const parsed = kind.parse(raw);
      return parsed.ok ? parsed : { ok: false, expected };
    },
    format: (v) => (v === null ? word : kind.format(v)),
  };
}

/**
 * Parsers and formatters of the user-facing units in flowforge.yaml, env vars and flags: durations
 * ("10s", "500ms", "1h30m" or a number of seconds) and sizes ("512MB", "1GiB" or a number of a
 * field-specific unit). Pure, and small on purpose: the flags/env path of loadConfig uses them without zod.
 */

/** The result of parsing a user-facing value: the value, or what was expected. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
const NUMBER_TEXT = /^[+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** SI units are powers of 1000, IEC units powers of 1024 (as in Kubernetes). */
const SIZE_UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};
const SIZE_TEXT = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;

/** Parses a non-negative number given as a number or a plain decimal string (env vars and flags are text). */
export function parseNumberText(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return NUMBER_TEXT.test(text) ? Number(text) : null;
}

/** Parses a duration into whole milliseconds: a number of seconds, or text like "10s", "500ms", "1h30m". */
export function parseDurationMs(raw: unknown): Parsed<number> {
  const expected = 'a duration like "10s", "500ms", "5m", "1h30m" or a number of seconds';
  const seconds = parseNumberText(raw);
  if (seconds !== null) return { ok: true, value: Math.round(seconds * 1000) };
  if (typeof raw !== 'string') return { ok: false, expected };
  const text = raw.trim().toLowerCase();
  let totalMs = 0;
  let index = 0;
  DURATION_PART.lastIndex = 0;
  while (index < text.length) {
    DURATION_PART.lastIndex = index;
    const match = DURATION_PART.exec(text);
    if (match === null) return { ok: false, expected };
    totalMs += Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? Number.NaN);
    index = DURATION_PART.lastIndex;
  }
  if (text.length === 0 || !Number.isFinite(totalMs)) return { ok: false, expected };
  return { ok: true, value: Math.round(totalMs) };
}

/** Formats milliseconds as the shortest exact duration text ("90s" → "1m30s", 1500 → "1500ms"). */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 1000 !== 0) return `${ms}ms`;
  let rest = ms / 1000;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}

/** Parses a size into whole bytes: text like "512MB" or "1GiB", or a number of `plainUnit` (e.g. "MB"). */
export function parseSizeBytes(raw: unknown, plainUnit: 'B' | 'MB'): Parsed<number> {
  const expected = `a size like "512MB", "1GiB", "64KiB" or a number of ${plainUnit === 'B' ? 'bytes' : 'MB (1 MB = 1,000,000 bytes)'}`;
  const plain = parseNumberText(raw);
  if (plain !== null) return { ok: true, value: Math.round(plain * (plainUnit === 'B' ? 1 : 1e6)) };
  if (typeof raw !== 'string') return { ok: false, expected };
  const match = SIZE_TEXT.exec(raw.trim());
  const unitBytes = match === null ? undefined : SIZE_UNITS_BYTES[(match[2] ?? '').toLowerCase()];
  if (match === null || unitBytes === undefined) return { ok: false, expected };
  return { ok: true, value: Math.round(Number(match[1]) * unitBytes) };
}

/** Formats bytes as an exact size text, preferring IEC units ("1GiB", "512MB", "1234B"). */
export function formatSizeBytes(bytes: number): string {
  const whole = Math.round(bytes);
  if (whole === 0) return '0B';
  for (const unit of ['TiB', 'GiB', 'MiB', 'TB', 'GB', 'MB', 'KiB', 'KB'] as const) {
    const size = SIZE_UNITS_BYTES[unit.toLowerCase()] ?? 1;
    if (whole % size === 0) return `${whole / size}${unit}`;
  }
  return `${whole}B`;
}

/** Parses a percentage given as a number or text like "90" or "90%". */
export function parsePercent(raw: unknown): Parsed<number> {
  const text = typeof raw === 'string' ? raw.trim().replace(/%$/, '') : raw;
  const value = parseNumberText(text);
  return value === null ? { ok: false, expected: 'a percentage like 90 or "90%"' } : { ok: true, value };
}

/** Parses a boolean given as a YAML boolean or text: 1/true/yes/on or 0/false/no/off. */
export function parseBooleanText(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (['1', 'true', 'yes', 'on'].includes(text)) return { ok: true, value: true };
  if (['0', 'false', 'no', 'off'].includes(text)) return { ok: true, value: false };
  return { ok: false, expected: 'true or false (also 1/0, yes/no, on/off)' };
}

/** Renders a received value for an error message: strings quoted, objects as JSON, short. */
export function describeValue(raw: unknown): string {
  let text: string;
  if (raw === undefined) text = 'nothing';
  else if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) text = String(raw);
  else if (typeof raw === 'string' || typeof raw === 'object') text = JSON.stringify(raw);
  else text = typeof raw;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

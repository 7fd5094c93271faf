/**
 * Formatters that turn raw numbers into text with units. Pure: every function takes its inputs,
 * including "now", as arguments. A null value means "unavailable" and renders as an em dash.
 */
import type { FindingUnit } from './types';

/** The text shown for a value that is unavailable. */
export const UNAVAILABLE = '—';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Formats a byte count with binary units, e.g. 1536 → "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return UNAVAILABLE;
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${value.toFixed(digits)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** Formats a CPU percentage where 100 is one core, e.g. 4.25 → "4.3%". */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return UNAVAILABLE;
  return `${percent >= 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** Formats a duration compactly: "850 ms", "42 s", "4 min 12 s", "2 h 03 min", "3 d 4 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return UNAVAILABLE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Formats a past instant relative to now: "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(atMs: number, nowMs: number): string {
  const ms = nowMs - atMs;
  if (ms < 5_000) return 'just now';
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return `${Math.floor(ms / 86_400_000)} d ago`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Formats a wall-clock time of day in local time, "14:03:27". */
export function formatClock(atMs: number): string {
  const d = new Date(atMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Formats a local date and time, "2025-11-28 14:03:27". */
export function formatDateTime(atMs: number): string {
  const d = new Date(atMs);
  return `${String(d.getFullYear())}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(atMs)}`;
}

/** Formats a detector's observed value or threshold in its unit, e.g. (1.5e9, 'bytes') → "1.4 GiB". */
export function formatFindingValue(value: number, unit: FindingUnit): string {
  switch (unit) {
    case 'percent':
      return formatPercent(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytes-per-second':
      return `${formatBytes(value)}/s`;
    case 'ratio':
      return value.toFixed(2);
    case 'lines-per-second':
      return `${formatNumber(value)} lines/s`;
    case 'ms':
      return formatDuration(value);
    case 'count':
      return formatNumber(value);
    case 'tokens':
      return `${formatNumber(value)} tokens`;
    case 'usd':
      return formatUsd(value);
  }
}

/** Formats a plain number with thousands separators and at most one decimal. */
export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-US');
}

/** Formats US dollars, "$0.0123" below a cent and "$12.34" above. */
export function formatUsd(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

const SAFE_ARG = /^[\w@%+=:,./-]+$/;

/** Joins an argv into a shell-like command line, quoting arguments that need it. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((arg) => (arg !== '' && SAFE_ARG.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(' ');
}

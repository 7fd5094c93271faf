/** Reading progress counters (`epoch 3/20`, `step 5 of 10`, `45%`) out of a raw output line. */
import { maskTimes, normalizeLine } from './normalize-line.js';

/** One counter found in a line; `key` identifies the counter across lines (normalised prefix + total). */
export interface Counter {
  key: string;
  value: number;
  total: number;
}

const FRACTION = /(?<![\w/.:-])(\d+)\s*(?:\/|\bof\b)\s*(\d+)(?![\w/.])/gi;
const PERCENT = /(?<![\w.])(\d{1,3}(?:\.\d+)?)\s?%/g;
const PREFIX_CHARS = 32;

function keyOf(masked: string, index: number, suffix: string): string {
  const prefix = normalizeLine(masked.slice(0, index));
  return `${prefix.slice(-PREFIX_CHARS)} ${suffix}`;
}

/** Returns the counters in a line; a counter needs a total (`a/b`, `a of b`) or a percent sign. */
export function extractCounters(text: string): Counter[] {
  if (!/\d\s*(?:\/|of|%)/i.test(text)) return [];
  const masked = maskTimes(text);
  const counters: Counter[] = [];
  for (const match of masked.matchAll(FRACTION)) {
    const value = Number(match[1]);
    const total = Number(match[2]);
    if (total > 0 && value <= total) counters.push({ key: keyOf(masked, match.index, `#/${total}`), value, total });
  }
  for (const match of masked.matchAll(PERCENT)) {
    const value = Number(match[1]);
    if (value <= 100) counters.push({ key: keyOf(masked, match.index, '#%'), value, total: 100 });
  }
  return counters;
}

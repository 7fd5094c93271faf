/**
 * Reading progress counters out of a raw output line: with a total (`epoch 3/20`, `step 5 of 10`,
 * `45%`), and bare ones (`PASSED test_41`, `fetched /page/7`, `step 120 loss=…`) keyed by the line's
 * template and the number's place in it, which the guard trusts only when they rise steadily.
 */
import { hasFailureWords } from './failure-words.js';
import { maskTimes, normalizeLine } from './normalize-line.js';

/** One counter found in a line; `key` identifies the counter across lines (normalised prefix + total). */
export interface Counter {
  key: string;
  value: number;
  /** The total it counts towards; null for a bare counter (a number without `/total`, `of` or `%`). */
  total: number | null;
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

/** A whole number standing alone (not part of a decimal, a hex run or a word like `v2`). */
const BARE_INTEGER = /(?<![\d.a-zA-Z])\d{1,15}(?![\d]|\.\d)/g;
/** Bare counters read per line at most: the first few numbers are where item counters sit. */
const MAX_BARE_PER_LINE = 4;

/**
 * The bare counters of a line, given with its times masked (`masked` = maskTimes(line), so timestamps
 * give none): each whole number, keyed by the line's normalised template (`normalized`, numbers
 * masked) and its place among the numbers, so `test_41` and `test_42` feed one series.
 */
export function extractBareCounters(masked: string, normalized: string): Counter[] {
  if (!/\d/.test(masked) || hasFailureWords(masked)) return [];
  const counters: Counter[] = [];
  let place = 0;
  for (const match of masked.matchAll(BARE_INTEGER)) {
    counters.push({ key: `${normalized.slice(0, 120)} @${place}`, value: Number(match[0]), total: null });
    place++;
    if (place >= MAX_BARE_PER_LINE) break;
  }
  return counters;
}

/**
 * The progress guard: evidence that a busy or chatty job is moving forward (protocol progress,
 * rising counters, carriage-return progress bars, diverse output), used to veto output-based kills.
 */
import type { OutputVolume, ProgressState, ProtocolSignal } from './types.js';
import { extractBareCounters, extractCounters } from './extract-counters.js';
import { maskTimes } from './normalize-line.js';
import { BARE_COUNTER_FRESH_MS, isBareCounterRising, isCounterRising, type CounterPoint } from './counter-series.js';

/** Tunables of the guard; defaults in DEFAULT_PROGRESS_OPTIONS. */
export interface ProgressOptions {
  /** Progress must have happened within this window to count. */
  windowMs: number;
  /** Points kept per counter. */
  historyPoints: number;
  /** Distinct counters tracked at most (the oldest is dropped). */
  maxCounters: number;
  /** Carriage-return redraws within the window that count as a live progress bar. */
  minCarriageReturns: number;
  /** Lines needed before diversity counts, and the unique share that counts as diverse. */
  diversityLines: number;
  minDiverseRatio: number;
}

/** Defaults of the progress guard. */
export const DEFAULT_PROGRESS_OPTIONS: ProgressOptions = {
  windowMs: 60_000,
  historyPoints: 64,
  maxCounters: 64,
  minCarriageReturns: 3,
  diversityLines: 100,
  minDiverseRatio: 0.8,
};

type ProgressSignal = Extract<ProtocolSignal, { kind: 'progress' }>;

/** Everything the guard looks at, as plain data. */
export interface ProgressInput {
  /** Counter histories by key, oldest first. */
  counters: ReadonlyMap<string, readonly CounterPoint[]>;
  /** Bare counters' histories (numbers without a total) by line template and place, oldest first. */
  bareCounters: ReadonlyMap<string, readonly CounterPoint[]>;
  /** Protocol progress signals, oldest first. */
  signals: readonly ProgressSignal[];
  volumes: readonly OutputVolume[];
  /** Recent normalised lines with their arrival time, oldest first. */
  lines: readonly { atMs: number; normalized: string }[];
}

function protocolReason(signals: readonly ProgressSignal[], sinceMs: number): string | null {
  let previous: number | null = null;
  let reason: string | null = null;
  for (const signal of signals) {
    const value = signal.current ?? signal.percent;
    if (signal.atMs >= sinceMs) {
      if (value === null) reason = 'protocol progress reported';
      else if (previous !== null && value > previous) reason = `protocol progress rising to ${value}`;
    }
    if (value !== null) previous = value;
  }
  return reason;
}

function diversityReason(input: ProgressInput, options: ProgressOptions, sinceMs: number): string | null {
  const recent = input.lines.slice(-options.diversityLines).filter((line) => line.atMs >= sinceMs);
  if (recent.length < options.diversityLines) return null;
  const ratio = new Set(recent.map((line) => line.normalized)).size / recent.length;
  return ratio >= options.minDiverseRatio ? `diverse output (${Math.round(ratio * 100)}% unique lines)` : null;
}

/** Decides from plain data whether the job is making progress at `nowMs`, with the reasons. */
export function computeProgress(
  input: ProgressInput,
  nowMs: number,
  options = DEFAULT_PROGRESS_OPTIONS,
): ProgressState {
  const sinceMs = nowMs - options.windowMs;
  const reasons: string[] = [];
  const protocol = protocolReason(input.signals, sinceMs);
  if (protocol !== null) reasons.push(protocol);
  for (const [key, points] of input.counters) {
    const last = points[points.length - 1];
    if (last !== undefined && isCounterRising(points, sinceMs)) {
      reasons.push(`counter '${key}' rising (now ${last.value})`);
    }
  }
  const strongReasons = reasons.length;
  for (const [key, points] of input.bareCounters) {
    const last = points[points.length - 1];
    if (last !== undefined && isBareCounterRising(points, sinceMs, nowMs - BARE_COUNTER_FRESH_MS)) {
      reasons.push(`counter in '${key.slice(0, 60)}' rising steadily (now ${last.value})`);
    }
  }
  const bareReasons = reasons.length - strongReasons;
  const redraws = input.volumes.filter((v) => v.atMs >= sinceMs).reduce((sum, v) => sum + v.carriageReturns, 0);
  if (redraws >= options.minCarriageReturns) reasons.push(`progress bar redrawn ${redraws} times`);
  const diverse = diversityReason(input, options, sinceMs);
  if (diverse !== null) reasons.push(diverse);
  return {
    progressing: reasons.length > 0,
    reasons,
    onlyBareCounters: bareReasons > 0 && bareReasons === reasons.length,
  };
}

/** Incremental holder of the guard's input, fed line by line; evaluate() calls computeProgress. */
export function createProgressGuard(options: ProgressOptions = DEFAULT_PROGRESS_OPTIONS) {
  const counters = new Map<string, CounterPoint[]>();
  const bareCounters = new Map<string, CounterPoint[]>();

  /** Appends a point to a counter's history; the least recently seen counter goes past maxCounters. */
  function record(series: Map<string, CounterPoint[]>, key: string, point: CounterPoint): void {
    const points = series.get(key) ?? [];
    series.delete(key);
    points.push(point);
    if (points.length > options.historyPoints) points.shift();
    series.set(key, points);
    const oldest = series.keys().next();
    if (series.size > options.maxCounters && oldest.done !== true) series.delete(oldest.value);
  }
  let signals: ProgressSignal[] = [];
  let volumes: OutputVolume[] = [];
  let lines: { atMs: number; normalized: string }[] = [];

  function prune(nowMs: number): void {
    const sinceMs = nowMs - options.windowMs;
    signals = signals.filter((s, i) => s.atMs >= sinceMs || i === signals.length - 1);
    volumes = volumes.filter((v) => v.atMs >= sinceMs);
    if (lines.length > options.diversityLines * 2) lines = lines.slice(-options.diversityLines);
  }

  return {
    /** `masked` is maskTimes(text), given when the caller has it already. */
    observeLine(atMs: number, text: string, normalized: string, masked = maskTimes(text)): void {
      lines.push({ atMs, normalized });
      const withTotals = extractCounters(text);
      for (const counter of withTotals) record(counters, counter.key, { atMs, value: counter.value });
      if (withTotals.length > 0) return; // `step 120/500` is read with its total; its bare numbers add nothing
      for (const counter of extractBareCounters(masked, normalized)) {
        record(bareCounters, counter.key, { atMs, value: counter.value });
      }
    },
    observeVolume(volume: OutputVolume): void {
      volumes.push(volume);
    },
    observeSignal(signal: ProgressSignal): void {
      signals.push(signal);
    },
    evaluate(nowMs: number): ProgressState {
      prune(nowMs);
      return computeProgress({ counters, bareCounters, signals, volumes, lines }, nowMs, options);
    },
    reset(): void {
      counters.clear();
      bareCounters.clear();
      signals = [];
      volumes = [];
      lines = [];
    },
  };
}

/** The incremental progress guard. */
export type ProgressGuard = ReturnType<typeof createProgressGuard>;

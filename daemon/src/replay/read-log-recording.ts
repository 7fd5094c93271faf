/** Turns a plain log file's text into a Recording: lines at an assumed rate, no CPU or memory samples. */
import type { OutputLine } from '../core/types.js';
import type { RecordedTick, Recording } from './recording.js';

/** Options of readLogRecording. */
export interface LogRecordingOptions {
  path: string;
  /** The assumed output rate (the log has no timestamps FlowForge trusts). */
  linesPerSecond: number;
  /** Evaluation interval (the supervisor's tick). */
  tickMs: number;
}

/** Splits the text into lines fed at linesPerSecond, grouped into ticks of tickMs starting at 0. */
export function readLogRecording(text: string, options: LogRecordingOptions): Recording {
  const raw = text.split('\n');
  if (raw.at(-1) === '') raw.pop();
  const ticks: RecordedTick[] = [];
  const encoder = new TextEncoder();
  let current: RecordedTick | null = null;
  for (const [index, rawLine] of raw.entries()) {
    const atMs = Math.round((index * 1000) / options.linesPerSecond);
    const tickAtMs = (Math.floor(atMs / options.tickMs) + 1) * options.tickMs;
    if (current === null || current.atMs !== tickAtMs) {
      current = {
        atMs: tickAtMs,
        sample: null,
        volume: { atMs: tickAtMs, bytes: 0, lines: 0, carriageReturns: 0 },
        lines: [],
        signals: [],
      };
      ticks.push(current);
    }
    // A progress bar redraws with \r: count the redraws, analyse what is left on screen.
    const segments = rawLine.replace(/\r$/, '').split('\r');
    const line: OutputLine = { atMs, stream: 'stdout', text: segments.at(-1) ?? '' };
    const volume = current.volume;
    if (volume !== null) {
      volume.bytes += encoder.encode(rawLine).length + 1;
      volume.lines += 1;
      volume.carriageReturns += segments.length - 1;
    }
    current.lines.push(line);
  }
  const last = ticks.at(-1);
  return {
    source: { kind: 'log', path: options.path, linesPerSecond: options.linesPerSecond },
    startedAtMs: 0,
    endedAtMs: last?.atMs ?? 0,
    config: null,
    ticks,
    usage: [],
    restartsAtMs: [],
    resumesAtMs: [],
    decisions: [],
    ending: null,
    warnings: [
      `a plain log: ${raw.length} lines fed at ${options.linesPerSecond} lines/s, no CPU or memory samples (CPU, memory, stall and budget detectors stay silent)`,
    ],
  };
}

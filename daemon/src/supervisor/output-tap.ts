/**
 * The output tap: forwards a child's stream chunk by chunk, unchanged and at once, while it pulls
 * out `::command::` lines and picks a bounded sample of lines for the detectors.
 *
 * Everything works on Buffers with native indexOf: the hot path per chunk is one or two searches
 * and one write, whatever the line rate. Only up to `analyseBudgetLines` lines per drain period are
 * decoded to strings; line counts beyond that are estimated from the mean analysed line length.
 */
import type { OutputLine, StreamName } from '../core/types.js';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COLON = 58;
const DOUBLE_COLON = Buffer.from('::');

export interface OutputTapOptions {
  stream: StreamName;
  /** Pass-through sink (our own stdout or stderr). */
  /** Returns false when the sink is backed up (the caller pauses the child's stream). */
  write: (chunk: Buffer) => boolean;
  /** Called with a complete line that starts with `::`; return true when it was consumed. */
  onProtocolLine: (line: string, atMs: number) => boolean;
  maxLineBytes: number;
  analyseBudgetLines: number;
}

/** What the tap saw since the previous drain. */
export interface TapDrain {
  bytes: number;
  lines: number;
  carriageReturns: number;
  sampled: OutputLine[];
}

/** One stream's tap; push chunks as they arrive, drain once per sampling tick. */
export interface OutputTap {
  /** Passes a chunk on; false when the sink wants the reader to pause. */
  push(chunk: Buffer, atMs: number): boolean;
  /** Releases a held partial protocol candidate that never got its newline. */
  flushPending(): void;
  drain(): TapDrain;
}

/** Creates a tap for one of the child's streams. */
export function createOutputTap(options: OutputTapOptions): OutputTap {
  let atLineStart = true;
  let pending: Buffer | null = null;
  let partial: Buffer | null = null;
  let sinkReady = true;
  let bytes = 0;
  let lines = 0;
  let carriageReturns = 0;
  let sampled: OutputLine[] = [];
  let budget = options.analyseBudgetLines;
  // Running totals of analysed lines, halved at each drain so the estimate follows the job.
  let seenLineBytes = 0;
  let seenLines = 0;

  function decode(chunk: Buffer, start: number, end: number): string {
    let stop = end > start && chunk[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    if (stop - start > options.maxLineBytes) stop = start + options.maxLineBytes;
    return chunk.toString('utf8', start, stop);
  }

  /** Samples one complete line chunk[s, e) (newline excluded); a line that redrew itself keeps its last frame. */
  function sampleLine(chunk: Buffer, s: number, e: number, atMs: number): void {
    const lastCr = e - 2 >= s ? chunk.lastIndexOf(CARRIAGE_RETURN, e - 2) : -1;
    if (lastCr >= s) {
      carriageReturns++;
      sampled.push({ atMs, stream: options.stream, text: decode(chunk, lastCr + 1, e), frame: true });
    } else {
      sampled.push({ atMs, stream: options.stream, text: decode(chunk, s, e) });
    }
    budget--;
    seenLines++;
    seenLineBytes += e + 1 - s;
  }

  /** Keeps the start of a line split across chunks (capped), so it is analysed whole. */
  function keepPartial(chunk: Buffer, s: number, e: number): void {
    const room = options.maxLineBytes - (partial?.length ?? 0);
    if (room <= 0) return;
    const piece = Buffer.from(chunk.subarray(s, Math.min(e, s + room)));
    partial = partial === null ? piece : Buffer.concat([partial, piece]);
  }

  /** Counts lines of a pass-through segment, decoding the first ones while the budget lasts. */
  function analyse(chunk: Buffer, start: number, end: number, atMs: number): void {
    let lineStart = start;
    if (!atLineStart) {
      // The segment continues a line begun in an earlier chunk.
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1 || nl >= end) {
        if (budget > 0 && chunk.lastIndexOf(CARRIAGE_RETURN, end - 1) >= start) emitFrame(chunk, start, end, atMs);
        else if (partial !== null) keepPartial(chunk, start, end);
        return;
      }
      lines++;
      if (partial !== null && budget > 0) {
        keepPartial(chunk, start, nl);
        const joined: Buffer = partial;
        sampleLine(joined, 0, joined.length, atMs);
      }
      partial = null;
      lineStart = nl + 1;
    }
    while (budget > 0 && lineStart < end) {
      const nl = chunk.indexOf(NEWLINE, lineStart);
      if (nl === -1 || nl >= end) break;
      lines++;
      sampleLine(chunk, lineStart, nl, atMs);
      lineStart = nl + 1;
    }
    atLineStart = chunk[end - 1] === NEWLINE;
    if (lineStart >= end) return;
    if (budget === 0) {
      lines += Math.round((end - lineStart) / (seenLines === 0 ? 80 : Math.max(1, seenLineBytes / seenLines)));
      partial = null;
      return;
    }
    if (chunk.lastIndexOf(CARRIAGE_RETURN, end - 1) >= lineStart) emitFrame(chunk, lineStart, end, atMs);
    else keepPartial(chunk, lineStart, end);
  }

  /** A progress bar redrawing itself with \r and no newline: show the guard its newest frame. */
  function emitFrame(chunk: Buffer, from: number, end: number, atMs: number): void {
    const lastCr = chunk.lastIndexOf(CARRIAGE_RETURN, end - 1);
    const frameStart = lastCr === end - 1 ? chunk.lastIndexOf(CARRIAGE_RETURN, end - 2) + 1 : lastCr + 1;
    carriageReturns++;
    sampled.push({ atMs, stream: options.stream, text: decode(chunk, Math.max(frameStart, from), end), frame: true });
    budget--;
    partial = null;
    keepPartial(chunk, lastCr + 1, end);
  }

  function pass(chunk: Buffer, start: number, end: number, atMs: number): void {
    if (end <= start) return;
    const segment = start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
    if (!options.write(segment)) sinkReady = false;
    bytes += end - start;
    analyse(chunk, start, end, atMs);
  }

  /**
   * Finds the next protocol candidate (a line starting with `::`) at or after from. Searches for `::`
   * and checks the byte before: `::` is rare in output while newlines come every line, so this runs at
   * memchr speed instead of stopping at each line the way a search for `\n::` would.
   */
  function nextCandidate(chunk: Buffer, from: number, lineStartAtFrom: boolean): number {
    if (lineStartAtFrom && chunk[from] === COLON && (from + 1 >= chunk.length || chunk[from + 1] === COLON))
      return from;
    for (let at = chunk.indexOf(DOUBLE_COLON, from + 1); at !== -1; at = chunk.indexOf(DOUBLE_COLON, at + 1)) {
      if (chunk[at - 1] === NEWLINE) return at;
    }
    return -1;
  }

  function pushChunk(input: Buffer, atMs: number): void {
    let chunk = input;
    let lineStartAt0 = atLineStart;
    if (pending !== null) {
      chunk = Buffer.concat([pending, input]);
      pending = null;
      lineStartAt0 = true;
    }
    let from = 0;
    let candidate = nextCandidate(chunk, 0, lineStartAt0);
    while (candidate !== -1) {
      const nl = chunk.indexOf(NEWLINE, candidate);
      if (nl === -1) {
        pass(chunk, from, candidate, atMs);
        if (chunk.length - candidate > options.maxLineBytes) {
          pass(chunk, candidate, chunk.length, atMs);
        } else {
          pending = Buffer.from(chunk.subarray(candidate));
          atLineStart = true;
        }
        return;
      }
      const line = decode(chunk, candidate, nl);
      if (options.onProtocolLine(line, atMs)) {
        pass(chunk, from, candidate, atMs);
        atLineStart = true;
        from = nl + 1;
      }
      candidate = nextCandidate(chunk, nl + 1, true);
    }
    const last = chunk.length - 1;
    if (last > from && chunk[last] === COLON && chunk[last - 1] === NEWLINE) {
      // "\n:" at the end may be the first half of a "::" protocol line: hold the colon.
      pass(chunk, from, last, atMs);
      pending = Buffer.from(chunk.subarray(last));
      atLineStart = true;
      return;
    }
    pass(chunk, from, chunk.length, atMs);
  }

  return {
    push(input, atMs) {
      sinkReady = true;
      pushChunk(input, atMs);
      return sinkReady;
    },
    flushPending(): void {
      if (pending === null) return;
      const held = pending;
      pending = null;
      pass(held, 0, held.length, 0);
    },
    drain(): TapDrain {
      const result: TapDrain = { bytes, lines, carriageReturns, sampled };
      bytes = 0;
      lines = 0;
      carriageReturns = 0;
      sampled = [];
      budget = options.analyseBudgetLines;
      seenLineBytes /= 2;
      seenLines /= 2;
      return result;
    },
  };
}

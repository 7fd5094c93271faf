/**
 * The output tap: forwards a child's stream chunk by chunk, unchanged and at once, while it pulls
 * out `::command::` lines and picks a bounded sample of lines for the detectors.
 *
 * Everything works on Buffers with native indexOf: the hot path per chunk is one or two searches
 * and one write, whatever the line rate. Only up to `analyseBudgetLines` lines per drain period are
 * decoded to strings; line counts beyond that are estimated from the mean analysed line length.
 *
 * A line longer than `maxLineBytes` is cut before it is decoded, so before it is redacted: the cut
 * drops the run of non-blank bytes that touches it (a secret whose end is gone no longer matches its
 * shape, yet its start is still secret) and ends the text with `…`.
 */
import type { OutputLine, StreamName } from '../core/types.js';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COLON = 58;
const DOUBLE_COLON = Buffer.from('::');
/** Marks an analysed line that was cut at `maxLineBytes`. */
export const CUT_MARK = '…';
/**
 * Longest run of non-blank bytes dropped at a cut. A longer run (minified JSON, a base64 blob) keeps
 * its start, so that lines that differ there still look different to the detectors; a secret shorter
 * than this that touches the cut is dropped whole.
 */
export const MAX_CUT_TOKEN_BYTES = 4096;

/** True for a space, a tab or another control byte: what separates the tokens of a line. */
function isBlank(byte: number | undefined): boolean {
  return byte !== undefined && byte <= 32;
}

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

/**
 * How long a held partial line (a `::` candidate without its newline yet) may wait for the rest
 * before it is passed on as it is: a protocol line arrives whole or in quick pieces, while a prompt or
 * a `:`-led progress text must not wait for the next sampling tick (up to --sample-interval).
 */
export const HOLD_PARTIAL_MS = 50;

/** Creates a tap for one of the child's streams. */
export function createOutputTap(options: OutputTapOptions): OutputTap {
  let atLineStart = true;
  let pending: Buffer | null = null;
  let holdTimer: NodeJS.Timeout | null = null;
  let partial: Buffer | null = null;
  // True when bytes of the partial line were thrown away at the line cap.
  let partialCut = false;
  let sinkReady = true;
  let bytes = 0;
  let lines = 0;
  let carriageReturns = 0;
  let sampled: OutputLine[] = [];
  let budget = options.analyseBudgetLines;
  // Running totals of analysed lines, halved at each drain so the estimate follows the job.
  let seenLineBytes = 0;
  let seenLines = 0;

  /** Decodes a protocol candidate, cut at the cap as it was before (the parser needs its exact text). */
  function decodeProtocol(chunk: Buffer, start: number, end: number): string {
    let stop = end > start && chunk[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    if (stop - start > options.maxLineBytes) stop = start + options.maxLineBytes;
    return chunk.toString('utf8', start, stop);
  }

  /** Decodes a line to analyse; `cut` says bytes after chunk[end) were already thrown away at the cap. */
  function decode(chunk: Buffer, start: number, end: number, cut = false): string {
    const stop = end > start && chunk[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    if (stop - start > options.maxLineBytes) return decodeCut(chunk, start, start + options.maxLineBytes);
    return cut ? decodeCut(chunk, start, stop) : chunk.toString('utf8', start, stop);
  }

  /** Decodes chunk[start, cutAt) without the run of non-blank bytes touching cutAt, then marks the cut. */
  function decodeCut(chunk: Buffer, start: number, cutAt: number): string {
    const floor = Math.max(start, cutAt - MAX_CUT_TOKEN_BYTES);
    let stop = cutAt;
    while (stop > floor && !isBlank(chunk[stop - 1])) stop--;
    // Stopped inside a long run: step back to the start of a UTF-8 character.
    while (stop > start && !isBlank(chunk[stop - 1]) && ((chunk[stop] ?? 0) & 0xc0) === 0x80) stop--;
    return chunk.toString('utf8', start, stop) + CUT_MARK;
  }

  /** Samples one complete line chunk[s, e) (newline excluded); a line that redrew itself keeps its last frame. */
  function sampleLine(chunk: Buffer, s: number, e: number, atMs: number, cut = false): void {
    const lastCr = e - 2 >= s ? chunk.lastIndexOf(CARRIAGE_RETURN, e - 2) : -1;
    if (lastCr >= s) {
      carriageReturns++;
      sampled.push({ atMs, stream: options.stream, text: decode(chunk, lastCr + 1, e, cut), frame: true });
    } else {
      sampled.push({ atMs, stream: options.stream, text: decode(chunk, s, e, cut) });
    }
    budget--;
    seenLines++;
    seenLineBytes += e + 1 - s;
  }

  /** Keeps the start of a line split across chunks (capped), so it is analysed whole. */
  function keepPartial(chunk: Buffer, s: number, e: number): void {
    const room = options.maxLineBytes - (partial?.length ?? 0);
    if (e - s > room) partialCut = true;
    if (room <= 0) return;
    const piece = Buffer.from(chunk.subarray(s, Math.min(e, s + room)));
    partial = partial === null ? piece : Buffer.concat([partial, piece]);
  }

  function dropPartial(): void {
    partial = null;
    partialCut = false;
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
        sampleLine(joined, 0, joined.length, atMs, partialCut);
      }
      dropPartial();
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
      dropPartial();
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
    dropPartial();
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

  /** Holds a partial `::` candidate for its newline, at most HOLD_PARTIAL_MS. */
  function hold(partialLine: Buffer): void {
    pending = partialLine;
    atLineStart = true;
    holdTimer = setTimeout(() => {
      holdTimer = null;
      flushPending();
    }, HOLD_PARTIAL_MS);
    holdTimer.unref();
  }

  function flushPending(): void {
    if (holdTimer !== null) {
      clearTimeout(holdTimer);
      holdTimer = null;
    }
    if (pending === null) return;
    const held = pending;
    pending = null;
    pass(held, 0, held.length, 0);
  }

  function pushChunk(input: Buffer, atMs: number): void {
    let chunk = input;
    let lineStartAt0 = atLineStart;
    if (pending !== null) {
      chunk = Buffer.concat([pending, input]);
      pending = null;
      lineStartAt0 = true;
    }
    if (holdTimer !== null) {
      clearTimeout(holdTimer);
      holdTimer = null;
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
          hold(Buffer.from(chunk.subarray(candidate)));
        }
        return;
      }
      const line = decodeProtocol(chunk, candidate, nl);
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
      hold(Buffer.from(chunk.subarray(last)));
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
    flushPending,
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

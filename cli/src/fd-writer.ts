/**
 * Writes the child's output to our stdout/stderr: writeSync on the descriptor (about 30% faster than
 * the stream for a heavy stream), falling back to the stream when the descriptor is non-blocking and
 * full, and asking the reader to pause until it drains. Tells the caller once when our reader went
 * away (EPIPE) so the child can get its broken pipe as it would in a plain pipeline.
 *
 * A full pipe is routine on a heavy stream (our reader is a moment behind), and Node reports it by
 * throwing: the error's stack trace, captured through optimised frames, was the largest single cost
 * of pass-through after the copies themselves (≈8% of our CPU). The write therefore runs with
 * `Error.stackTraceLimit` at 0; the errors it throws are handled right here and never shown.
 */
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { OutputSink } from '@flowforge/daemon';

/**
 * Creates the sink for fd, with the stream `openStream` returns as the queueing fallback for the same
 * descriptor. The stream is opened at the first write, not before: creating process.stdout costs
 * ≈1.5–2 ms of start-up, which a job that prints nothing never needs (process.stderr gets made anyway:
 * Node's net.Socket destroy reads it, and we destroy the child's socket ends after spawn). It must exist
 * before the first writeSync all the same, because creating it is what makes a pipe descriptor
 * non-blocking; a blocking write to a reader that stopped reading would stall the event loop, and with
 * it every sample, timeout and kill.
 */
export function createFdWriter(
  fd: number,
  openStream: () => Writable,
  onBroken: () => void,
  /** Told once when a write fails for another reason than a reader gone away (a full disk, an I/O error). */
  onFailure: (error: NodeJS.ErrnoException) => void = () => undefined,
): OutputSink {
  let queued = false;
  let broken = false;
  let waiting: (() => void)[] = [];
  let opened: Writable | null = null;

  function stream(): Writable {
    if (opened === null) {
      opened = openStream();
      opened.on('error', (error: NodeJS.ErrnoException) => {
        markBroken(error);
      });
    }
    return opened;
  }

  function markBroken(error: NodeJS.ErrnoException): void {
    if (broken) return;
    broken = true;
    // EPIPE is a reader that went away, as `| head` does: routine. Anything else (ENOSPC, EIO) loses
    // output that the job believes it wrote, so a person must hear of it.
    if (error.code !== 'EPIPE') onFailure(error);
    onBroken();
    release();
  }

  function release(): void {
    queued = false;
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  }

  /**
   * Hands the chunk to the stream without copying: libuv writes from that memory once the
   * descriptor drains. Until the queue is empty we report backpressure, so the reader reads nothing
   * into its reused buffer meanwhile.
   */
  function enqueue(chunk: Buffer): boolean {
    const out = stream();
    queued = true;
    out.write(chunk, () => {
      if (out.writableLength === 0) release();
    });
    if (out.writableLength === 0) queued = false; // the stream wrote it at once
    return !queued;
  }

  return {
    write(chunk) {
      if (broken) return true;
      if (queued) return enqueue(chunk);
      stream(); // opened before the first writeSync: see createFdWriter
      let offset = 0;
      let failure: unknown = null;
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
      } catch (error) {
        failure = error;
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      if (failure === null) return true;
      const error = failure as NodeJS.ErrnoException;
      if (error.code === 'EAGAIN') return enqueue(offset === 0 ? chunk : chunk.subarray(offset));
      markBroken(error); // nobody reads our output any more, or it cannot be written
      return true;
    },
    onDrain(callback) {
      if (!queued || broken) callback();
      else waiting.push(callback);
    },
  };
}

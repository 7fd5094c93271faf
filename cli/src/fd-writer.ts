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
export function createFdWriter(fd: number, openStream: () => Writable, onBroken: () => void): OutputSink {
  let queued = false;
  let broken = false;
  let waiting: (() => void)[] = [];
  let opened: Writable | null = null;

  function stream(): Writable {
    if (opened === null) {
      opened = openStream();
      opened.on('error', markBroken);
    }
    return opened;
  }

  function markBroken(): void {
    if (broken) return;
    broken = true;
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
      if ((failure as NodeJS.ErrnoException).code === 'EAGAIN')
        return enqueue(offset === 0 ? chunk : chunk.subarray(offset));
      markBroken(); // EPIPE and friends: nobody reads our output any more
      return true;
    },
    onDrain(callback) {
      if (!queued || broken) callback();
      else waiting.push(callback);
    },
  };
}

/** Where a child's output goes: our own stdout/stderr in the CLI, nowhere for daemon-owned runs. */
export interface OutputSink {
  /**
   * Writes a chunk; false when the sink is backed up and the reader should pause until onDrain.
   * The reader reuses the chunk's memory for its next read: a sink may keep the chunk (unchanged)
   * only while it reports backpressure, since the reader reads nothing more until onDrain fires.
   * Anything kept longer must be copied.
   */
  write(chunk: Buffer): boolean;
  /** Calls back once the sink accepts writes again (at once when it already does). */
  onDrain(callback: () => void): void;
}

/** A sink that drops everything (daemon-owned runs: output is only tapped and recorded). */
export const DISCARD_SINK: OutputSink = {
  write: () => true,
  onDrain: (callback) => {
    callback();
  },
};

/** One lifetime of the supervised child: spawn, stdio taps, tree sampler, and its exit. */
import type { Readable } from 'node:stream';
import { createHeldFlags, watchLeftovers, type HeldFlags } from './leftover-watch.js';
import { createTreeSampler } from '../adapters/process-tree-sampler.js';
import type { OutputLine, TreeSample } from '../core/types.js';
import { createOutputTap, type OutputTap } from './output-tap.js';
import type { OutputSink } from './output-sink.js';
import { spawnChild } from './spawn-child.js';
import { openOutputSockets, type OutputSocket } from './output-socket.js';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

export interface ChildSessionOptions {
  command: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'pipe' | 'ignore';
  /** Where piped stdin comes from (our own stdin when it is a TTY). */
  stdinSource: Readable | null;
  stdout: OutputSink;
  stderr: OutputSink;
  onProtocolLine: (line: string, atMs: number) => boolean;
  maxLineBytes: number;
  analyseBudgetLines: number;
  clock: () => number;
  /** SIGTERM→SIGKILL grace for processes of the group still running after the child exited. */
  leftoverGraceMs: number;
  onLeftoversStopped: () => void;
}

const FULL_SCAN_EVERY_TICKS = 30;

/** Everything the taps saw since the previous drain, both streams together. */
export interface SessionDrain {
  bytes: number;
  lines: number;
  carriageReturns: number;
  sampled: OutputLine[];
}

/** A running child with its taps and sampler. */
export interface ChildSession {
  pid: number;
  pgid: number;
  startedAtMs: number;
  exited: Promise<ChildExit>;
  hasExited(): boolean;
  sample(atMs: number): TreeSample;
  /** Every live process the sampler has seen in the tree (incl. ones that left the group). */
  memberPids(): number[];
  drain(): SessionDrain;
  flushPending(): void;
  /** Closes our end of the child's stdout or stderr, so its next write gets EPIPE/SIGPIPE. */
  closeStream(name: 'stdout' | 'stderr'): void;
}

/** Settles once the stream has ended or closed, after releasing a held partial protocol line. */
function whenEnded(stream: Readable, tap: OutputTap): Promise<void> {
  return new Promise((resolve) => {
    const finish = (): void => {
      tap.flushPending();
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', () => {
      resolve();
    });
  });
}

/** Pipe mode (the fallback): Node's stream hands us a fresh Buffer per read. */
function readStream(
  stream: Readable,
  tap: OutputTap,
  sink: OutputSink,
  clock: () => number,
  held: HeldFlags,
  i: 0 | 1,
): Promise<void> {
  stream.on('data', (chunk: Buffer) => {
    if (tap.push(chunk, clock())) return;
    // Backpressure: a slow reader of our output slows the child, it does not grow our memory.
    held.hold(i);
    stream.pause();
    sink.onDrain(() => {
      held.release(i);
      stream.resume();
    });
  });
  return whenEnded(stream, tap);
}

/**
 * Socket mode: each read lands in one reused buffer per stream. A backed-up sink makes the handler
 * return false, which pauses the socket when the callback returns, so the resume waits for a
 * microtask. Returns null when the sockets cannot be made: the child then gets plain pipes.
 */
async function openSocketsOrNull(
  taps: readonly [OutputTap, OutputTap],
  options: ChildSessionOptions,
  held: HeldFlags,
): Promise<OutputSocket[] | null> {
  const sinks = [options.stdout, options.stderr] as const;
  let pairs: OutputSocket[] = [];
  const handler =
    (i: 0 | 1) =>
    (chunk: Buffer): boolean => {
      if (taps[i].push(chunk, options.clock())) return true;
      held.hold(i);
      sinks[i].onDrain(() => {
        queueMicrotask(() => {
          held.release(i);
          pairs[i]?.reader.resume();
        });
      });
      return false;
    };
  try {
    pairs = await openOutputSockets([handler(0), handler(1)]);
    return pairs;
  } catch {
    return null; // e.g. no writable temp directory: the slower pipe path works everywhere
  }
}

/** Starts the child; rejects with a FlowForgeError when it cannot be spawned. */
export async function startChildSession(options: ChildSessionOptions): Promise<ChildSession> {
  const tapOptions = {
    onProtocolLine: options.onProtocolLine,
    maxLineBytes: options.maxLineBytes,
    analyseBudgetLines: options.analyseBudgetLines,
  };
  const taps = [
    createOutputTap({ ...tapOptions, stream: 'stdout', write: (chunk) => options.stdout.write(chunk) }),
    createOutputTap({ ...tapOptions, stream: 'stderr', write: (chunk) => options.stderr.write(chunk) }),
  ] as const;
  const held: HeldFlags = createHeldFlags();
  const sockets = await openSocketsOrNull(taps, options, held);
  let spawned: Awaited<ReturnType<typeof spawnChild>>;
  try {
    spawned = await spawnChild({
      command: options.command,
      cwd: options.cwd,
      env: options.env,
      stdin: options.stdin,
      stdout: sockets?.[0]?.childEnd ?? 'pipe',
      stderr: sockets?.[1]?.childEnd ?? 'pipe',
    });
  } catch (error) {
    for (const pair of sockets ?? []) pair.reader.destroy();
    throw error;
  } finally {
    // The child holds its own copies now (or never started): ours must go, or EOF never comes.
    for (const pair of sockets ?? []) pair.childEnd.destroy();
  }
  const startedAtMs = options.clock();
  const { child } = spawned;
  const readers: readonly [Readable | null, Readable | null] =
    sockets === null ? [child.stdout, child.stderr] : [sockets[0]?.reader ?? null, sockets[1]?.reader ?? null];
  const streamsDone = readers.map((reader, i) => {
    if (reader === null) return Promise.resolve();
    const tap = taps[i === 0 ? 0 : 1];
    if (sockets !== null) return whenEnded(reader, tap);
    return readStream(reader, tap, i === 0 ? options.stdout : options.stderr, options.clock, held, i === 0 ? 0 : 1);
  });

  const childStdin = child.stdin;
  let detachStdin = (): void => undefined;
  if (childStdin !== null && options.stdinSource !== null) {
    const source = options.stdinSource;
    const forward = (chunk: Buffer): void => {
      childStdin.write(chunk);
    };
    const end = (): void => {
      childStdin.end();
    };
    childStdin.on('error', () => undefined); // the child may close its stdin early: nothing to do
    source.on('data', forward);
    source.on('end', end);
    detachStdin = () => {
      source.off('data', forward);
      source.off('end', end);
    };
  }

  let exitedFlag = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedFlag = true;
      detachStdin();
      const atMs = options.clock();
      // Output still in the pipes after exit is passed through before we report the exit. If
      // leftovers of the job's process group keep the pipes open, they are stopped: no orphan of
      // a finished job keeps running unseen (processes that setsid'd away are left alone). Pipes
      // we hold back ourselves, because our own consumer is slow, are no sign of leftovers.
      const drained = Promise.all(streamsDone);
      const leftovers = watchLeftovers({
        held,
        readers,
        group: spawned,
        graceMs: options.leftoverGraceMs,
        onStopped: options.onLeftoversStopped,
      });
      void drained.then(() => {
        leftovers.end();
        resolve({ code, signal, atMs });
      });
    });
    child.on('error', () => {
      if (exitedFlag) return;
      exitedFlag = true;
      detachStdin();
      resolve({ code: 127, signal: null, atMs: options.clock() });
    });
  });

  // New pids are found every tick; the full /proc scan is only a safety net, so it runs rarely.
  const sampler = createTreeSampler({ rootPid: spawned.pid, fullScanEvery: FULL_SCAN_EVERY_TICKS });
  return {
    pid: spawned.pid,
    pgid: spawned.pgid,
    startedAtMs,
    exited,
    hasExited: () => exitedFlag,
    sample: (atMs) => sampler.sample(atMs),
    memberPids: () => sampler.memberPids(),
    drain(): SessionDrain {
      const out = taps[0].drain();
      const err = taps[1].drain();
      return {
        bytes: out.bytes + err.bytes,
        lines: out.lines + err.lines,
        carriageReturns: out.carriageReturns + err.carriageReturns,
        sampled:
          out.sampled.length === 0
            ? err.sampled
            : err.sampled.length === 0
              ? out.sampled
              : [...out.sampled, ...err.sampled],
      };
    },
    flushPending(): void {
      taps[0].flushPending();
      taps[1].flushPending();
    },
    closeStream(name) {
      readers[name === 'stdout' ? 0 : 1]?.destroy();
    },
  };
}

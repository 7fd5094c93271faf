/** What happens to the child's output pipes after it exited (child-session.ts). */
import type { Readable } from 'node:stream';
import { killProcessTree } from '../adapters/kill-tree.js';

/** Whether our own consumer holds the streams back (backpressure), now or lately. */
export interface HeldFlags {
  /** Reading stream i is paused until our consumer drains. */
  hold(i: 0 | 1): void;
  release(i: 0 | 1): void;
  /**
   * Whether a stream is held now or was at any time since the previous call (which forgets that). A
   * reader that starts draining late releases and holds us many times a second: a look at one instant
   * could fall between two holds and take bytes on their way for leftovers.
   */
  takeHeld(): boolean;
}

/** Held flags for the two streams, all released. */
export function createHeldFlags(): HeldFlags {
  const now: [boolean, boolean] = [false, false];
  let since = false;
  return {
    hold(i) {
      now[i] = true;
      since = true;
    },
    release(i) {
      now[i] = false;
    },
    takeHeld() {
      const held = now[0] || now[1] || since;
      since = now[0] || now[1];
      return held;
    },
  };
}

/**
 * How long the pipes may stay open after the child exited before leftovers are stopped; while our
 * own consumer holds us back (backpressure), the wait starts again: those bytes are on their way.
 */
const LEFTOVER_WAIT_MS = 500;

/**
 * After the child exited: every LEFTOVER_WAIT_MS while the pipes are still open and we are not held
 * back by our own consumer, first stop what is left of the group, then (still open: a process that
 * left the group holds them) stop reading. end() once the pipes have closed.
 */
export function watchLeftovers(w: {
  held: HeldFlags;
  readers: readonly (Readable | null)[];
  group: { pgid: number; pid: number };
  graceMs: number;
  onStopped: () => void;
}): { end(): void } {
  let stage: 'waiting' | 'stopping' | 'stopped' = 'waiting';
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  const later = (): void => {
    if (!ended) timer = setTimeout(check, LEFTOVER_WAIT_MS);
  };
  function check(): void {
    if (ended || stage === 'stopping') return;
    if (w.held.takeHeld()) {
      later();
    } else if (stage === 'waiting') {
      stage = 'stopping';
      void killProcessTree({ pgid: w.group.pgid, rootPid: w.group.pid, graceMs: w.graceMs, knownPids: [] })
        .then(() => {
          w.onStopped();
        })
        .catch(() => undefined) // the group is gone already: nothing left to stop
        .finally(() => {
          stage = 'stopped'; // EOF comes once the stopped holders' bytes are read
          later();
        });
    } else {
      for (const reader of w.readers) reader?.destroy();
    }
  }
  later();
  return {
    end() {
      ended = true;
      clearTimeout(timer);
    },
  };
}

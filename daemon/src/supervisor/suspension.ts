/**
 * Ctrl-Z for a supervised job. The terminal stops only the foreground process group, which is
 * FlowForge's own: the child leads a group of its own, so without this it would run on while we are
 * stopped. On our SIGTSTP the child's group gets SIGSTOP (not SIGTSTP: the child has a session of its
 * own, so its group is orphaned and the kernel would discard SIGTSTP); on our SIGCONT it is continued.
 * Both are recorded like a pause and its resume. A pause (policy or dashboard) keeps the child
 * stopped either way: only its own resume continues it.
 */
import { signalProcessGroup } from '../adapters/kill-tree.js';
import type { ChildSession } from './child-session.js';
import type { RunRecorder } from './run-recorder.js';

export interface Suspension {
  /** True between our SIGTSTP and our SIGCONT: ticks must not judge a job that cannot run. */
  isSuspended(): boolean;
  /** Passes the terminal's stop on to the child's group (unless a pause holds it already). */
  suspend: () => void;
  /** Continues the child's group unless a pause holds it; the time it was held is not its silence. */
  resume: () => void;
}

/** What the suspension needs of its run. */
export interface SuspensionContext {
  session(): ChildSession | null;
  /** A pause (policy or dashboard) holds the child. */
  isPaused(): boolean;
  recorder: Pick<RunRecorder, 'update' | 'event'>;
  clock: () => number;
  /** Records the resume and tells the engine (supervisor.ts). */
  markResumed(atMs: number, reason: string): void;
}

function signalLive(session: ChildSession, signal: NodeJS.Signals): void {
  try {
    signalProcessGroup(session.pgid, signal); // false when the group ended meanwhile: nothing to do
  } catch {
    // not ours to signal any more (e.g. EPERM after a setuid exec): supervision goes on regardless
  }
}

/** Creates the suspension state of one run. */
export function createSuspension(ctx: SuspensionContext): Suspension {
  let held: ChildSession | null = null;
  let suspended = false;
  return {
    isSuspended: () => suspended,
    suspend: () => {
      suspended = true;
      const session = ctx.session();
      if (session === null || session.hasExited() || ctx.isPaused()) return;
      signalLive(session, 'SIGSTOP');
      held = session;
      ctx.recorder.update({ status: 'paused' });
      ctx.recorder.event('action.paused', ctx.clock(), { reason: 'suspended with FlowForge (Ctrl-Z, SIGTSTP)' });
    },
    resume: () => {
      suspended = false;
      const session = held;
      held = null;
      if (session === null || session.hasExited()) return;
      signalLive(session, 'SIGCONT');
      ctx.markResumed(ctx.clock(), 'continued with FlowForge (SIGCONT)');
    },
  };
}

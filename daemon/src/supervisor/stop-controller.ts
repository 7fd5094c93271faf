/**
 * Carries out stops, pauses and restart backoffs for the supervisor, and remembers why a child
 * was stopped so the ending can be reported truthfully.
 */
import { killProcessTree, signalProcess, signalProcessGroup } from '../adapters/kill-tree.js';
import type { TerminationReason } from '../contract/records.js';
import type { ChildSession } from './child-session.js';
import { errorMessage } from '../errors.js';

/** Why FlowForge stopped the child, and what comes next. */
export interface StopIntent {
  reason: TerminationReason;
  then: 'end' | 'restart';
  message: string;
  /** A restart asked for by a person (not counted as a policy restart). */
  manual?: boolean;
  /** The restart budget ran out. */
  budgetExhausted?: boolean;
}

export interface StopController {
  requestStop(session: ChildSession, intent: StopIntent): void;
  isStopping(): boolean;
  isPaused(): boolean;
  pause(session: ChildSession, reason: string, atMs: number): void;
  resume(session: ChildSession | null): string;
  checkPauseTimeout(session: ChildSession, atMs: number, cfg: { timeoutMs: number; fallback: 'kill' | 'resume' }): void;
  takeIntent(): StopIntent | null;
  reset(): void;
  /** Waits out a restart backoff; resolves with an intent when a stop cancelled it. */
  backoff(delayMs: number): Promise<StopIntent | null>;
  cancelBackoff(intent: StopIntent | null): string;
  forwardSignal(session: ChildSession | null, signal: NodeJS.Signals): void;
}

const FORCE_AFTER_SIGNALS = 3;
/**
 * The third ending signal within this long stops the whole tree (a job that ignores Ctrl-C twice);
 * signals further apart are the job's own business (a SIGHUP reload every hour never adds up).
 */
export const FORCE_WINDOW_MS = 10_000;
/** Signals that ask the job to end; the others (USR1, USR2, WINCH) are only passed on. */
const ENDING_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);
/**
 * Signals a person sends to one process (`kill -USR1 <pid>`): they go to the job's main process only,
 * as without FlowForge; helpers that do not handle them would die of them. WINCH, which the terminal
 * sends to its whole foreground group, goes to the job's group.
 */
const PROCESS_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGUSR1', 'SIGUSR2']);

/** Creates the controller for one run. */
export function createStopController(opts: {
  graceMs: number;
  log: (message: string) => void;
  clock: () => number;
}): StopController {
  let intent: StopIntent | null = null;
  let stopping = false;
  let pausedSinceMs: number | null = null;
  let wakeBackoff: ((value: StopIntent | null) => void) | null = null;
  /** When the recent ending signals arrived (those within FORCE_WINDOW_MS of the newest). */
  let endingSignalsAtMs: number[] = [];

  function requestStop(session: ChildSession, next: StopIntent): void {
    if (stopping) {
      // A person's stop outranks a policy restart already under way.
      if (next.reason === 'user-stop' && intent?.then === 'restart') intent = next;
      return;
    }
    stopping = true;
    intent = next;
    const wasPaused = pausedSinceMs !== null;
    pausedSinceMs = null;
    killProcessTree({
      pgid: session.pgid,
      rootPid: session.pid,
      graceMs: opts.graceMs,
      knownPids: session.memberPids(),
    }).then(
      (result) => {
        if (result.escalated) opts.log(`the job ignored SIGTERM for ${opts.graceMs} ms: sent SIGKILL`);
        if (result.survivors > 0) opts.log(`${result.survivors} process(es) of the job survived SIGKILL`);
      },
      (error: unknown) => {
        opts.log(`could not stop the job: ${errorMessage(error)}`);
      },
    );
    // A stopped process only acts on SIGTERM once continued.
    if (wasPaused) signalProcessGroup(session.pgid, 'SIGCONT');
  }

  return {
    requestStop,
    isStopping: () => stopping,
    isPaused: () => pausedSinceMs !== null,
    pause(session, reason, atMs) {
      if (pausedSinceMs !== null || stopping) return;
      signalProcessGroup(session.pgid, 'SIGSTOP');
      pausedSinceMs = atMs;
      opts.log(`paused the job (SIGSTOP): ${reason}; resume, kill or restart it from the dashboard or API`);
    },
    resume(session) {
      if (pausedSinceMs === null || session === null) return 'not paused';
      signalProcessGroup(session.pgid, 'SIGCONT');
      pausedSinceMs = null;
      opts.log('resumed the job (SIGCONT)');
      return 'resumed';
    },
    checkPauseTimeout(session, atMs, cfg) {
      if (pausedSinceMs === null || atMs - pausedSinceMs < cfg.timeoutMs) return;
      opts.log(`nobody answered the pause within ${Math.round(cfg.timeoutMs / 1000)} s: ${cfg.fallback}`);
      if (cfg.fallback === 'resume') {
        signalProcessGroup(session.pgid, 'SIGCONT');
        pausedSinceMs = null;
        return;
      }
      requestStop(session, { reason: 'policy-kill', then: 'end', message: 'pause timed out' });
    },
    takeIntent() {
      const taken = intent;
      intent = null;
      return taken;
    },
    reset() {
      intent = null;
      stopping = false;
      pausedSinceMs = null;
      endingSignalsAtMs = [];
    },
    backoff(delayMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wakeBackoff = null;
          resolve(null);
        }, delayMs);
        wakeBackoff = (value) => {
          clearTimeout(timer);
          wakeBackoff = null;
          resolve(value);
        };
      });
    },
    cancelBackoff(next) {
      if (wakeBackoff === null || next === null) return 'no live child';
      wakeBackoff(next);
      return 'stopped during restart backoff';
    },
    forwardSignal(session, signal) {
      if (!ENDING_SIGNALS.has(signal)) {
        // Not a stop: never counted, never ends a restart backoff; a paused job gets it when resumed.
        if (session === null) return;
        if (PROCESS_SIGNALS.has(signal)) signalProcess(session.pid, signal);
        else signalProcessGroup(session.pgid, signal);
        return;
      }
      const atMs = opts.clock();
      endingSignalsAtMs = [...endingSignalsAtMs.filter((at) => atMs - at < FORCE_WINDOW_MS), atMs];
      const signalsForwarded = endingSignalsAtMs.length;
      if (session === null) {
        wakeBackoff?.({ reason: 'user-stop', then: 'end', message: `received ${signal} during restart backoff` });
        return;
      }
      if (pausedSinceMs !== null) signalProcessGroup(session.pgid, 'SIGCONT');
      signalProcessGroup(session.pgid, signal);
      if (signalsForwarded >= FORCE_AFTER_SIGNALS && !stopping) {
        opts.log(
          `received ${signal} ${signalsForwarded} times within ${FORCE_WINDOW_MS / 1000} s: stopping the whole process tree`,
        );
        requestStop(session, { reason: 'user-stop', then: 'end', message: `received ${signal} repeatedly` });
      }
    },
  };
}

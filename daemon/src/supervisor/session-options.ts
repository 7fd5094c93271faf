/** What each start of the child needs from the run: its command, stdio, env and tap settings. */
import type { ResolvedConfig } from '../config/types.js';
import type { ChildSessionOptions } from './child-session.js';
import { buildChildEnv } from './child-env.js';
import type { SuperviseOptions } from './supervisor.js';

/** Lines per second the taps decode for the detectors; the rest is counted, not read. */
const ANALYSE_BUDGET_LINES_PER_SECOND = 1000;
/** Leftovers of a finished job get at most this grace before SIGKILL, whatever --grace says. */
const LEFTOVER_GRACE_CAP_MS = 2000;

/** The child's identity for this start (FLOWFORGE_* variables). */
export interface StartIdentity {
  runId: string;
  nonce: string;
  restarts: number;
  lastIncident: string;
}

/** Builds the options of one child session of the run. */
export function sessionOptionsFor(
  options: SuperviseOptions,
  config: ResolvedConfig,
  identity: StartIdentity,
  onProtocolLine: (line: string, atMs: number) => boolean,
): ChildSessionOptions {
  return {
    command: options.command,
    cwd: options.cwd,
    env: buildChildEnv(options.env, identity),
    stdin: options.stdin,
    stdinSource: options.stdinSource,
    stdout: options.stdout,
    stderr: options.stderr,
    onProtocolLine,
    leftoverGraceMs: Math.min(config.graceMs, LEFTOVER_GRACE_CAP_MS),
    onLeftoversStopped: () => {
      options.log('the job exited but its output pipes stayed open: stopped what was left of its process group');
    },
    maxLineBytes: config.output.maxLineBytes,
    analyseBudgetLines: Math.max(50, Math.round((ANALYSE_BUDGET_LINES_PER_SECOND * config.sampleIntervalMs) / 1000)),
    clock: options.clock,
  };
}

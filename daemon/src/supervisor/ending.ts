/** Turns how a child ended into the run's outcome, and records the ending. */
import { constants } from 'node:os';
import type { FlowForgeError } from '../errors.js';
import type { ChildExit } from './child-session.js';
import { EXIT_CODES, type RunOutcome } from './outcome.js';
import type { RunRecorder } from './run-recorder.js';
import type { StopIntent } from './stop-controller.js';

export interface EndingContext {
  runId: string;
  command: string[];
  startedAtMs: number;
  clock: () => number;
  restarts: number;
  recovered?: boolean;
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal];
}

function baseOutcome(ctx: EndingContext, atMs: number): RunOutcome {
  return {
    runId: ctx.runId,
    command: ctx.command,
    exitCode: 0,
    childExitCode: null,
    signal: null,
    terminationReason: 'exited',
    durationMs: Math.max(0, atMs - ctx.startedAtMs),
    restarts: ctx.restarts,
    actions: [],
    cpuPeakPercent: null,
    memoryPeakBytes: null,
    tokensTotal: 0,
    costUsdTotal: 0,
    outputs: {},
    recovered: ctx.recovered ?? false,
    message: null,
  };
}

/** The exit code FlowForge reports for a stop it made itself. */
function exitCodeForIntent(intent: StopIntent): number {
  if (intent.budgetExhausted === true) return EXIT_CODES.restartBudgetExhausted;
  switch (intent.reason) {
    case 'timeout':
      return EXIT_CODES.timeout;
    case 'user-stop':
      return EXIT_CODES.userStop;
    case 'owner-lost':
      return EXIT_CODES.ownerLost;
    default:
      return EXIT_CODES.policyKill;
  }
}

/** Outcome of a child that exited, on its own (intent null) or because FlowForge stopped it. */
export function outcomeForExit(exit: ChildExit, intent: StopIntent | null, ctx: EndingContext): RunOutcome {
  const outcome = baseOutcome(ctx, exit.atMs);
  outcome.childExitCode = exit.code;
  outcome.signal = exit.signal;
  if (intent === null) {
    outcome.exitCode = exit.code ?? (exit.signal === null ? 1 : 128 + signalNumber(exit.signal));
    return outcome;
  }
  outcome.terminationReason = intent.budgetExhausted === true ? 'policy-restart' : intent.reason;
  outcome.exitCode = exitCodeForIntent(intent);
  outcome.message = `FlowForge stopped the job: ${intent.message}`;
  return outcome;
}

/** Outcome of a command that could not start: 127 when not found, 126 when not executable. */
export function outcomeForSpawnFailure(error: FlowForgeError, ctx: EndingContext): RunOutcome {
  const outcome = baseOutcome(ctx, ctx.clock());
  outcome.terminationReason = 'spawn-failed';
  outcome.exitCode = error.code === 'SPAWN_NOT_EXECUTABLE' ? EXIT_CODES.notExecutable : EXIT_CODES.notFound;
  outcome.message = error.message;
  return outcome;
}

/** Fills in what the recorder and protocol collected, and records the ending in the store. */
export function finishOutcome(
  outcome: RunOutcome,
  parts: {
    recorder: RunRecorder;
    protocol: { totals(): { tokens: number; costUsd: number }; outputs(): Record<string, string> };
  },
): RunOutcome {
  const { recorder } = parts;
  const peaks = recorder.peaks();
  const totals = parts.protocol.totals();
  const finished: RunOutcome = {
    ...outcome,
    actions: recorder.actions(),
    cpuPeakPercent: peaks.cpuPeakPercent,
    memoryPeakBytes: peaks.memoryPeakBytes,
    tokensTotal: totals.tokens,
    costUsdTotal: totals.costUsd,
    outputs: parts.protocol.outputs(),
  };
  const endedAtMs = recorder.startedAtMs() + outcome.durationMs;
  const status =
    finished.terminationReason === 'exited'
      ? 'exited'
      : finished.terminationReason === 'spawn-failed'
        ? 'failed'
        : finished.terminationReason === 'owner-lost'
          ? 'owner-lost'
          : 'killed';
  recorder.update({
    status,
    endedAtMs: endedAtMs,
    exitCode: finished.exitCode,
    signal: finished.signal,
    terminationReason: finished.terminationReason,
    restarts: finished.restarts,
    tokensTotal: finished.tokensTotal,
    costUsdTotal: finished.costUsdTotal,
    outputs: finished.outputs,
  });
  recorder.closeIncident(endedAtMs, `run ended: ${finished.terminationReason}`);
  recorder.event('run.ended', endedAtMs, {
    exitCode: finished.exitCode,
    signal: finished.signal,
    terminationReason: finished.terminationReason,
    durationMs: finished.durationMs,
    restarts: finished.restarts,
    recovered: finished.recovered,
    message: finished.message,
  });
  return finished;
}

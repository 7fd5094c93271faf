/**
 * The supervisor: runs the command, samples and reads it every tick, asks the pure core for a
 * decision, acts on it (alert, kill, restart, pause) and records everything. One engine serves
 * `flowforge run` in the CLI and runs the daemon starts itself.
 */
import { randomHex, randomUuid } from './random-id.js';
import type { Readable } from 'node:stream';
import { createDetectionEngine } from '../core/detection-engine.js';
import { createPolicy } from '../core/policy.js';
import type { Decision } from '../core/types.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ResilientWriter } from '../adapters/resilient-store.js';
import type { OwnerKind } from '../contract/records.js';
import { isFlowForgeError } from '../errors.js';
import { startChildSession, type ChildExit, type ChildSession } from './child-session.js';
import { createProtocolHandler, passThroughFor } from './protocol-handler.js';
import { createRunRecorder } from './run-recorder.js';
import { createStopController, type StopIntent } from './stop-controller.js';
import { finishOutcome, outcomeForExit, outcomeForSpawnFailure } from './ending.js';
import { planAfterExit, planRestart, type RestartHistory } from './restart-budget.js';
import { createCommandPoller } from './command-poller.js';
import type { RunOutcome } from './outcome.js';
import type { Redactor } from './redactor-port.js';
import type { OutputSink } from './output-sink.js';
import { recordRunStart } from './record-run-start.js';
import { applyCommand } from './apply-command.js';
import { sessionOptionsFor } from './session-options.js';
import { stopIntentFor, stopWhenBudgetSpent } from './decision-intent.js';
import { createTickObserver } from './tick-observer.js';
import { createStartWindow } from './start-window.js';
import { createSuspension } from './suspension.js';

/** Storage the supervisor writes through; expected never to throw (wrap with resilient-store). */
export type SupervisorStore = ResilientWriter;

export interface SuperviseOptions {
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  config: ResolvedConfig;
  store: SupervisorStore | null;
  owner: { id: string; kind: OwnerKind };
  stdin: 'inherit' | 'pipe' | 'ignore';
  stdinSource: Readable | null;
  stdout: OutputSink;
  stderr: OutputSink;
  /** FlowForge's own messages (already prefixed by the caller). */
  log: (message: string) => void;
  clock: () => number;
  redactor: Redactor;
  runId?: string;
}

/** A run in progress. */
export interface SupervisedRun {
  runId: string;
  done: Promise<RunOutcome>;
  /** Forwards a signal the user sent us to the child's process group. */
  forwardSignal(signal: NodeJS.Signals): void;
  /** Stops the whole tree as a user stop (daemon shutdown). */
  stop(message: string): void;
  /** Our stdout/stderr reader went away: the child's writes to it now fail, as in a plain pipeline. */
  closeOutput(name: 'stdout' | 'stderr'): void;
  /** We got SIGTSTP (Ctrl-Z) and are about to stop: the child's group stops with us (suspension.ts). */
  suspend(): void;
  /** We got SIGCONT: the child's group continues, and the time it was held is not its silence. */
  continueAfterSuspend(): void;
}

const BASELINE_SAMPLE_DELAY_MS = 100;

/** Starts supervising a command; the returned promise settles with the run's outcome. */
export function superviseRun(options: SuperviseOptions): SupervisedRun {
  const { config, clock } = options;
  const runId = options.runId ?? randomUuid();
  const nonce = randomHex(16);
  const redactedCommand = options.command.map((part) => options.redactor.redact(part));
  // The key is stored with the run: built from the redacted command, so no secret lands in the DB.
  const runKey = config.policy.runKey ?? config.name ?? redactedCommand.join(' ');
  const policy = createPolicy({ ...config.policy, runKey });
  const startedAtMs = clock();
  const engine = createDetectionEngine(config.detection, startedAtMs);
  const recorder = createRunRecorder(runId, options.store, Math.max(1, Math.floor(config.output.tailLines / 10)));
  const protocol = createProtocolHandler({
    nonce,
    echo: config.echoProtocol,
    alsoPassThrough: passThroughFor(options.env),
    pricing: config.pricing.models,
    redactor: options.redactor,
    engine,
    recorder,
    onUsage: (atMs, totals) => {
      const { maxTokens, maxCostUsd } = config.detection.budget;
      const over =
        (maxTokens !== null && totals.tokens >= maxTokens) || (maxCostUsd !== null && totals.costUsd >= maxCostUsd);
      // Acting at the report that crossed the budget, not at the next tick, stops the spending sooner.
      if (over) evaluateNow(atMs);
    },
  });
  const stop = createStopController({ graceMs: config.graceMs, log: options.log, clock });
  const enforced = policy.enforced;

  let session: ChildSession | null = null;
  let restarts = 0;
  let lastIncident = '';
  let history: RestartHistory = { restartsAtMs: [], consecutive: 0 };
  let recovered = false;
  let awaitingRecovery = false;
  let tickTimer: NodeJS.Timeout | null = null;
  let ended = false;
  const closedOutputs = new Set<'stdout' | 'stderr'>();
  const starting = createStartWindow<ChildSession>();
  const suspension = createSuspension({
    session: () => session,
    isPaused: () => stop.isPaused(),
    recorder,
    clock,
    markResumed,
  });

  recordRunStart(recorder, config, {
    runId,
    command: redactedCommand,
    cwd: options.cwd,
    runKey,
    enforced,
    owner: options.owner,
    startedAtMs,
  });
  const observer = createTickObserver({
    engine,
    policy,
    recorder,
    protocol,
    redactor: options.redactor,
    onDecision: act,
  });

  /** Acts first, then records: the evidence write (which may open SQLite) never delays a kill or a pause. */
  function act(decision: Decision): void {
    const current = session;
    if (decision.taken === 'alert' || decision.taken === 'log_only') {
      recorder.decision(decision, startedAtMs);
      options.log(`${decision.taken === 'alert' ? 'alert' : 'shadow'}: ${decision.reason}`);
      return;
    }
    if (current !== null && decision.taken === 'pause') {
      stop.pause(current, decision.reason, clock());
      recorder.decision(decision, startedAtMs);
      recorder.update({ status: 'paused' });
      return;
    }
    let intent = current === null ? null : stopIntentFor(decision);
    if (current !== null && intent?.then === 'restart') {
      // Checked before acting, so the evidence says what happens: a spent budget stops the job.
      const plan = planRestart(history, { nowMs: clock(), childStartedAtMs: current.startedAtMs }, config.restart);
      if (!plan.allowed) {
        ({ decision, intent } = stopWhenBudgetSpent(decision, plan.reason));
        options.log(plan.reason);
      }
    }
    if (current !== null && intent !== null) {
      lastIncident = decision.reason.slice(0, 200);
      stop.requestStop(current, intent);
    }
    recorder.decision(decision, startedAtMs);
  }

  function tick(): void {
    tickTimer = null;
    if (ended) return;
    const current = session;
    const atMs = clock();
    if (current !== null && !current.hasExited() && !stop.isStopping() && !suspension.isSuspended()) {
      if (stop.isPaused()) {
        stop.checkPauseTimeout(current, atMs, config.pause);
        if (!stop.isPaused() && !stop.isStopping()) markResumed(atMs, 'pause timed out (fallback: resume)');
      } else {
        observer.observe(current, atMs);
        if (awaitingRecovery && atMs - current.startedAtMs >= config.restart.stableMs) markRecovered(atMs);
      }
    }
    scheduleTick();
  }

  /** Evaluates between ticks (a usage report crossed a budget). */
  function evaluateNow(atMs: number): void {
    const current = session;
    if (ended || current === null || current.hasExited() || stop.isStopping() || stop.isPaused()) return;
    observer.decide(atMs);
  }

  function markResumed(atMs: number, reason: string): void {
    engine.observeResume(atMs);
    recorder.update({ status: 'running' });
    recorder.event('action.resumed', atMs, { reason });
  }

  function markRecovered(atMs: number): void {
    awaitingRecovery = false;
    recovered = true;
    history = { ...history, consecutive: 0 };
    recorder.closeIncident(atMs, 'Process recovered after restart');
    recorder.event('incident.closed', atMs, { reason: 'recovered', restarts });
    options.log('the job ran cleanly since its restart: incident closed');
  }

  /** A CPU baseline shortly after the start, skipped for a child that is already gone (cheap start-up). */
  function scheduleBaselineSample(current: ChildSession): void {
    const timer = setTimeout(() => {
      if (!current.hasExited() && session === current) observer.baseline(current, clock());
    }, BASELINE_SAMPLE_DELAY_MS);
    timer.unref();
  }

  function scheduleTick(): void {
    if (ended) return;
    tickTimer = setTimeout(tick, observer.nextIntervalMs(config.sampleIntervalMs, config.detection.memory));
  }

  const poller = createCommandPoller({
    store: options.store,
    runId,
    owner: options.owner,
    clock,
    onCommand: (cmd) => applyCommand(cmd, { session, stop, recorder, markResumed, atMs: clock() }),
  });

  async function loop(): Promise<RunOutcome> {
    for (;;) {
      let current: ChildSession;
      starting.open();
      try {
        current = await startChildSession(
          sessionOptionsFor(options, config, { runId, nonce, restarts, lastIncident }, (line, atMs) =>
            protocol.handleLine(line, atMs),
          ),
        );
      } catch (error) {
        starting.close(null, stop); // nothing started to act on
        if (!isFlowForgeError(error)) throw error;
        return outcomeForSpawnFailure(error, { runId, command: redactedCommand, startedAtMs, clock, restarts });
      }
      session = current;
      for (const name of closedOutputs) current.closeStream(name);
      stop.reset();
      starting.close(current, stop);
      recorder.update({ status: 'running', childPid: current.pid, restarts });
      scheduleBaselineSample(current);
      if (tickTimer === null) scheduleTick();
      const exit: ChildExit = await current.exited;
      session = null;
      observer.recordLastOutput(current, exit.atMs);
      const intent = stop.takeIntent();
      const next = decideAfterExit(exit, intent, current);
      if (next.kind === 'end') return next.outcome;
      restarts++;
      recorder.update({ status: 'restarting', restarts });
      recorder.event('run.restarting', clock(), { restarts, delayMs: next.delayMs, reason: lastIncident });
      options.log(`restarting in ${(next.delayMs / 1000).toFixed(1)} s (restart ${restarts})`);
      const cancelled = await stop.backoff(next.delayMs);
      if (cancelled !== null) return outcomeForExit(exit, cancelled, ctx());
      engine.reset(clock());
      policy.reset();
      protocol.startAttempt();
      awaitingRecovery = true;
    }
  }

  function ctx(): Parameters<typeof outcomeForExit>[2] {
    return { runId, command: redactedCommand, startedAtMs, clock, restarts, recovered };
  }

  function decideAfterExit(
    exit: ChildExit,
    intent: StopIntent | null,
    current: ChildSession,
  ): { kind: 'end'; outcome: RunOutcome } | { kind: 'restart'; delayMs: number } {
    if (intent === null && exit.code === 0 && awaitingRecovery) markRecovered(exit.atMs);
    const next = planAfterExit(exit, intent, { history, childStartedAtMs: current.startedAtMs }, config.restart);
    history = next.history;
    if (next.kind === 'restart') {
      if (next.incident !== null) lastIncident = next.incident;
      return next;
    }
    if (next.budgetExhausted !== null) {
      options.log(next.budgetExhausted);
      recorder.event('run.ended', exit.atMs, { reason: next.budgetExhausted });
    }
    return { kind: 'end', outcome: outcomeForExit(exit, next.intent, ctx()) };
  }

  const done = loop()
    .then((outcome) => finishOutcome(outcome, { recorder, protocol }))
    .finally(() => {
      ended = true;
      if (tickTimer !== null) clearTimeout(tickTimer);
      poller.stop();
    });

  return {
    runId,
    done,
    forwardSignal(signal) {
      if (session === null && starting.isOpen()) starting.holdSignal(signal);
      else stop.forwardSignal(session, signal);
    },
    closeOutput(name) {
      closedOutputs.add(name);
      session?.closeStream(name);
    },
    suspend: suspension.suspend,
    continueAfterSuspend: suspension.resume,
    stop(message) {
      const intent: StopIntent = { reason: 'user-stop', then: 'end', message };
      if (session !== null) stop.requestStop(session, intent);
      else if (starting.isOpen()) starting.holdStop(intent);
      else stop.cancelBackoff(intent);
    },
  };
}

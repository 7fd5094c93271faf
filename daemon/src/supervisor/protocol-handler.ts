/**
 * Acts on `::command::` lines from the job: authenticates them against the run's nonce, feeds
 * heartbeats, progress and usage to the detectors, records masks, outputs and annotations.
 * Anything malformed or forged stays ordinary output (plus a warning event for known commands).
 */
import type { ModelPrice } from '../config/types.js';
import type { DetectionEngine } from '../core/detection-engine.js';
import type { ProtocolSignal } from '../core/types.js';
import { authenticateCommand, computeCostUsd, parseProtocolLine, type ProtocolCommand } from '../protocol/index.js';
import type { Redactor } from './redactor-port.js';
import type { RunRecorder } from './run-recorder.js';

export interface ProtocolHandlerOptions {
  nonce: string;
  echo: boolean;
  /**
   * Commands passed through even when consumed: under GitHub Actions, `add-mask`, `notice`, `warning`
   * and `error` mean the same to the runner, which must see them (a mask it never saw leaks the secret
   * into the CI log).
   */
  alsoPassThrough?: ReadonlySet<string>;
  pricing: Readonly<Record<string, ModelPrice>>;
  redactor: Redactor;
  engine: Pick<DetectionEngine, 'observeSignal'>;
  recorder: Pick<RunRecorder, 'event' | 'update'>;
  /** Called after an authenticated usage report, with the run's new totals (budgets are checked at once). */
  onUsage?: (atMs: number, totals: { tokens: number; costUsd: number }) => void;
}

export interface ProtocolHandler {
  /** Handles a line that starts with `::`; true when it was consumed (not passed through). */
  handleLine(line: string, atMs: number): boolean;
  totals(): { tokens: number; costUsd: number };
  outputs(): Record<string, string>;
  /** A restarted attempt: the engine carries the earlier attempts' totals, so usage counts from zero again. */
  startAttempt(): void;
  /** Heartbeat and progress signals since the previous call, oldest first (at most MAX_SIGNALS_PER_DRAIN, newest kept). */
  drainSignals(): ProtocolSignal[];
}

const PROGRESS_EVENT_INTERVAL_MS = 1000;
const MAX_SIGNALS_PER_DRAIN = 50;

/** Creates the handler for one run (it lives across restarts, so usage totals accumulate). */
export function createProtocolHandler(options: ProtocolHandlerOptions): ProtocolHandler {
  const { redactor, recorder, engine } = options;
  redactor.addMask(options.nonce);
  let tokens = 0;
  let costUsd = 0;
  let unpricedTokens = 0;
  let attemptBase = { tokens: 0, costUsd: 0 };
  let signals: ProtocolSignal[] = [];

  function keepSignal(signal: ProtocolSignal): void {
    signals.push(signal);
    if (signals.length > 2 * MAX_SIGNALS_PER_DRAIN) signals = signals.slice(-MAX_SIGNALS_PER_DRAIN);
  }
  const outputs: Record<string, string> = {};
  let lastProgressEventMs = Number.NEGATIVE_INFINITY;

  function apply(cmd: ProtocolCommand, atMs: number): void {
    switch (cmd.kind) {
      case 'heartbeat':
        engine.observeSignal({ kind: 'heartbeat', atMs });
        keepSignal({ kind: 'heartbeat', atMs });
        return;
      case 'progress': {
        const signal: ProtocolSignal = {
          kind: 'progress',
          atMs,
          current: cmd.current,
          total: cmd.total,
          percent: cmd.percent,
        };
        engine.observeSignal(signal);
        keepSignal(signal);
        if (atMs - lastProgressEventMs >= PROGRESS_EVENT_INTERVAL_MS) {
          lastProgressEventMs = atMs;
          recorder.event('run.progress', atMs, {
            current: cmd.current,
            total: cmd.total,
            percent: cmd.percent,
            message: redactor.redact(cmd.message),
          });
        }
        return;
      }
      case 'usage': {
        const cost = computeCostUsd(cmd, { models: options.pricing });
        tokens += cost.tokens;
        if (cost.costUsd !== null) costUsd += cost.costUsd;
        else unpricedTokens += cost.tokens;
        // The engine adds what earlier attempts spent, so it gets this attempt's totals.
        engine.observeSignal({
          kind: 'usage',
          atMs,
          totalTokens: tokens - attemptBase.tokens,
          totalCostUsd: costUsd - attemptBase.costUsd,
        });
        recorder.update({ tokensTotal: tokens, costUsdTotal: costUsd });
        recorder.event('run.usage', atMs, {
          model: cmd.model,
          tokens: cost.tokens,
          costUsd: cost.costUsd,
          basis: cost.basis,
          tokensTotal: tokens,
          costUsdTotal: costUsd,
          unpricedTokens,
        });
        options.onUsage?.(atMs, { tokens, costUsd });
        return;
      }
      case 'add-mask':
        redactor.addMask(cmd.value);
        return;
      case 'set-output':
        outputs[cmd.name] = redactor.redact(cmd.value);
        recorder.update({ outputs: { ...outputs } });
        recorder.event('run.output-set', atMs, { name: cmd.name, value: outputs[cmd.name] });
        return;
      case 'notice':
      case 'warning':
      case 'error':
        recorder.event(`protocol.${cmd.kind}`, atMs, {
          message: redactor.redact(cmd.message),
          title: cmd.title === null ? null : redactor.redact(cmd.title),
          file: cmd.file,
          line: cmd.line,
        });
        return;
    }
  }

  return {
    handleLine(line, atMs) {
      const parsed = parseProtocolLine(line);
      if (parsed === null) return false;
      if (parsed.kind === 'invalid') {
        // `::std::` in C++ output is not a command: only malformed known commands earn a warning.
        if (parsed.reason !== 'unknown-command') {
          recorder.event('protocol.warning', atMs, {
            reason: parsed.reason,
            command: parsed.command,
            detail: parsed.detail,
          });
        }
        return false;
      }
      const auth = authenticateCommand(parsed, options.nonce);
      if (!auth.ok) {
        recorder.event('protocol.warning', atMs, {
          reason: auth.reason,
          command: parsed.kind,
          detail: `::${parsed.kind}:: without the run's nonce was treated as ordinary output (see docs/protocol.md)`,
        });
        return false;
      }
      apply(parsed, atMs);
      return !options.echo && options.alsoPassThrough?.has(parsed.kind) !== true;
    },
    totals: () => ({ tokens, costUsd }),
    outputs: () => ({ ...outputs }),
    startAttempt() {
      attemptBase = { tokens, costUsd };
    },
    drainSignals() {
      const drained = signals.length > MAX_SIGNALS_PER_DRAIN ? signals.slice(-MAX_SIGNALS_PER_DRAIN) : signals;
      signals = [];
      return drained;
    },
  };
}

/** Workflow commands GitHub Actions' runner understands as FlowForge does: they reach it under Actions. */
export const GITHUB_SHARED_COMMANDS: ReadonlySet<string> = new Set(['add-mask', 'notice', 'warning', 'error']);

/** The commands to pass through for a job whose environment is `env` (GITHUB_ACTIONS=true: the shared ones). */
export function passThroughFor(env: NodeJS.ProcessEnv): ReadonlySet<string> {
  return env['GITHUB_ACTIONS'] === 'true' ? GITHUB_SHARED_COMMANDS : new Set();
}

/**
 * Re-evaluates a Recording under a detection config and policy: feeds the recorded samples, output
 * volumes, analysed lines and protocol signals to a fresh engine with the recorded times as the
 * clock, and collects the decisions the policy would have taken. Pure: no I/O, no real time.
 */
import { createDetectionEngine } from '../core/detection-engine.js';
import { computeDetectionLatencyMs, createBreachOnsets } from '../core/detection-latency.js';
import { createPolicy } from '../core/policy.js';
import type { Action, DetectionConfig, PolicyConfig, TakenAction } from '../core/types.js';
import type { RecordedDecision, RecordedTick, Recording } from './recording.js';

/** A decision the replay would have taken. */
export interface ReplayDecision extends RecordedDecision {
  detectionLatencyMs: number | null;
}

/** The outcome of one replay. */
export interface ReplayResult {
  decisions: ReplayDecision[];
  /** True when the replay stopped at its first kill, restart or pause (what followed would have differed). */
  stoppedEarly: boolean;
}

/** The thresholds and policy to replay with; the rollout is always `enforce` (see docs/replay.md). */
export interface ReplayPolicy {
  detection: DetectionConfig;
  policy: Omit<PolicyConfig, 'rollout' | 'canaryPercent'>;
}

type Step =
  | { kind: 'restart'; atMs: number }
  | { kind: 'resume'; atMs: number }
  | { kind: 'usage'; atMs: number; tokensTotal: number; costUsdTotal: number }
  | { kind: 'tick'; atMs: number; tick: RecordedTick };

const ORDER: Record<Step['kind'], number> = { restart: 0, resume: 1, usage: 2, tick: 3 };
const DESTRUCTIVE: readonly TakenAction[] = ['kill', 'restart', 'pause'];

function steps(recording: Recording): Step[] {
  const all: Step[] = [
    ...recording.restartsAtMs.map((atMs): Step => ({ kind: 'restart', atMs })),
    ...recording.resumesAtMs.map((atMs): Step => ({ kind: 'resume', atMs })),
    ...recording.usage.map((u): Step => ({ kind: 'usage', ...u })),
    ...recording.ticks.map((tick): Step => ({ kind: 'tick', atMs: tick.atMs, tick })),
  ];
  return all.sort((a, b) => a.atMs - b.atMs || ORDER[a.kind] - ORDER[b.kind]);
}

/** Replays the recording; stops at the first destructive action. */
export function replayRecording(recording: Recording, config: ReplayPolicy): ReplayResult {
  const engine = createDetectionEngine(config.detection, recording.startedAtMs);
  const policy = createPolicy({ ...config.policy, rollout: 'enforce', canaryPercent: 100 });
  const onsets = createBreachOnsets();
  const { maxTokens, maxCostUsd } = config.detection.budget;
  const decisions: ReplayDecision[] = [];
  let base = { tokens: 0, costUsd: 0 };
  let totals = { tokens: 0, costUsd: 0 };

  function decide(atMs: number): boolean {
    const result = engine.evaluate(atMs);
    onsets.observe(result.findings, atMs);
    const decision = policy.decide(result, atMs);
    if (decision === null) return false;
    decisions.push({
      atMs,
      intended: decision.intended,
      taken: decision.taken,
      detectors: [...new Set(decision.findings.map((f) => f.detector))],
      reason: decision.reason,
      detectionLatencyMs: computeDetectionLatencyMs(decision, onsets),
    });
    return DESTRUCTIVE.includes(decision.taken);
  }

  for (const step of steps(recording)) {
    if (step.kind === 'restart') {
      engine.reset(step.atMs);
      policy.reset();
      onsets.reset();
      base = totals;
      continue;
    }
    if (step.kind === 'resume') {
      engine.observeResume(step.atMs);
      continue;
    }
    if (step.kind === 'usage') {
      totals = { tokens: step.tokensTotal, costUsd: step.costUsdTotal };
      engine.observeSignal({
        kind: 'usage',
        atMs: step.atMs,
        totalTokens: totals.tokens - base.tokens,
        totalCostUsd: totals.costUsd - base.costUsd,
      });
      const over =
        (maxTokens !== null && totals.tokens >= maxTokens) || (maxCostUsd !== null && totals.costUsd >= maxCostUsd);
      if (over && decide(step.atMs)) return { decisions, stoppedEarly: true };
      continue;
    }
    const { tick } = step;
    for (const signal of tick.signals) engine.observeSignal(signal);
    if (tick.sample !== null) engine.observeSample({ atMs: tick.atMs, ...tick.sample });
    if (tick.volume !== null) engine.observeVolume(tick.volume);
    if (tick.lines.length > 0) engine.observeLines(tick.lines);
    if (decide(tick.atMs)) return { decisions, stoppedEarly: true };
  }
  return { decisions, stoppedEarly: false };
}

/** The verdict of a list of decisions: the strongest action taken, at its first occurrence. */
export interface Verdict {
  taken: TakenAction;
  intended: Action;
  atMs: number | null;
}

const RANK: Record<TakenAction, number> = { continue: 0, alert: 1, log_only: 2, pause: 3, restart: 4, kill: 5 };
const INTENT_RANK: Record<Action, number> = { continue: 0, alert: 0, pause: 0.1, restart: 0.2, kill: 0.3 };

/** How strong an outcome is: enforced actions beat a logged "would kill", which beats an alert. */
function rank(taken: TakenAction, intended: Action): number {
  return RANK[taken] + (taken === 'log_only' ? INTENT_RANK[intended] : 0);
}

/** Computes the verdict (continue when there was no decision). */
export function computeVerdict(decisions: readonly RecordedDecision[]): Verdict {
  let best: Verdict = { taken: 'continue', intended: 'continue', atMs: null };
  for (const d of decisions) {
    if (rank(d.taken, d.intended) > rank(best.taken, best.intended)) {
      best = { taken: d.taken, intended: d.intended, atMs: d.atMs };
    }
  }
  return best;
}

/**
 * One sampling tick: read the tree and the taps, feed the pure core, record the evidence and hand
 * any decision on. Keeps the recent samples that set the next tick's interval.
 */
import { computeDetectionLatencyMs, createBreachOnsets } from '../core/detection-latency.js';
import type { DetectionEngine } from '../core/detection-engine.js';
import { suggestSampleIntervalMs } from '../core/memory.js';
import type { Policy } from '../core/policy.js';
import type { Decision, DetectionConfig, OutputLine, TreeSample } from '../core/types.js';
import type { ChildSession } from './child-session.js';
import type { ProtocolHandler } from './protocol-handler.js';
import type { Redactor } from './redactor-port.js';
import { recordTick } from './replay-record.js';
import type { RunRecorder } from './run-recorder.js';

export interface TickObserverOptions {
  engine: DetectionEngine;
  policy: Policy;
  recorder: RunRecorder;
  protocol: ProtocolHandler;
  redactor: Redactor;
  onDecision: (decision: Decision) => void;
}

export interface TickObserver {
  /** Samples, reads and decides for a live child. */
  observe(current: ChildSession, atMs: number): void;
  /** Stores what the child printed after the last tick (not evaluated any more). */
  recordLastOutput(current: ChildSession, atMs: number): void;
  /** Evaluates now, between ticks (a usage report crossed a budget). */
  decide(atMs: number): void;
  /** A baseline sample for the CPU rate. */
  baseline(current: ChildSession, atMs: number): void;
  nextIntervalMs(baseIntervalMs: number, memory: DetectionConfig['memory']): number;
}

const RECENT_SAMPLES = 64;

/** Creates the observer of one run. */
export function createTickObserver(options: TickObserverOptions): TickObserver {
  const { engine, policy, recorder, protocol, redactor } = options;
  const onsets = createBreachOnsets();
  let recentSamples: TreeSample[] = [];

  function readOutput(
    current: ChildSession,
    atMs: number,
  ): { lines: OutputLine[]; volume: Parameters<DetectionEngine['observeVolume']>[0] } {
    current.flushPending();
    const drained = current.drain();
    const lines = drained.sampled.map((line) => ({ ...line, text: redactor.redact(line.text) }));
    return {
      lines,
      volume: { atMs, bytes: drained.bytes, lines: drained.lines, carriageReturns: drained.carriageReturns },
    };
  }

  function decide(atMs: number): void {
    const result = engine.evaluate(atMs);
    onsets.observe(result.findings, atMs);
    const decision = policy.decide(result, atMs);
    if (decision === null) return;
    const latencyMs = computeDetectionLatencyMs(decision, onsets);
    options.onDecision(latencyMs === null ? decision : { ...decision, detectionLatencyMs: latencyMs });
  }

  return {
    observe(current, atMs) {
      const sample = current.sample(atMs);
      recentSamples.push(sample);
      if (recentSamples.length > RECENT_SAMPLES) recentSamples = recentSamples.slice(-RECENT_SAMPLES / 2);
      engine.observeSample(sample);
      recorder.sample(sample);
      const { lines, volume } = readOutput(current, atMs);
      engine.observeVolume(volume);
      if (lines.length > 0) engine.observeLines(lines);
      recorder.output(lines);
      recordTick(recorder, { volume, lines, signals: protocol.drainSignals() });
      decide(atMs);
    },
    recordLastOutput(current, atMs) {
      const { lines, volume } = readOutput(current, atMs);
      recorder.output(lines);
      recordTick(recorder, { volume, lines, signals: protocol.drainSignals() });
    },
    decide,
    baseline(current, atMs) {
      const sample = current.sample(atMs);
      // Kept for the sampling cadence: with it, the first tick already knows how fast memory climbs.
      recentSamples.push(sample);
      engine.observeSample(sample);
    },
    nextIntervalMs: (base, memory) => suggestSampleIntervalMs(recentSamples, base, memory),
  };
}

/**
 * Records a run's evidence: samples, output tail, decisions, events. Tracks peaks and the actions
 * for the summary. Writes go to a store that never throws (see resilient-store); with no store
 * at all the run is still supervised and summarised.
 */
import type { Decision, OutputLine, TreeSample } from '../core/types.js';
import type { EventRecord, NewRun, RunUpdate } from '../contract/records.js';
import type { ResilientWriter } from '../adapters/resilient-store.js';
import type { SummaryAction } from './outcome.js';

export interface RunRecorder {
  readonly runId: string;
  startedAtMs(): number;
  start(run: NewRun, atMs: number): void;
  sample(sample: TreeSample): void;
  output(lines: readonly OutputLine[]): void;
  decision(decision: Decision, startedAtMs: number): void;
  event(type: EventRecord['type'], atMs: number, data: Record<string, unknown>): void;
  update(update: RunUpdate): void;
  closeIncident(atMs: number, summary: string): void;
  peaks(): { cpuPeakPercent: number | null; memoryPeakBytes: number | null };
  actions(): SummaryAction[];
}

/** Creates the recorder for one run; `writer` may be null when storage is unavailable. */
export function createRunRecorder(
  runId: string,
  writer: ResilientWriter | null,
  tailLinesPerTick: number,
): RunRecorder {
  let cpuPeakPercent: number | null = null;
  let memoryPeakBytes: number | null = null;
  const actions: SummaryAction[] = [];
  let runStartedAtMs = 0;

  return {
    runId,
    startedAtMs: () => runStartedAtMs,
    start(run, atMs) {
      runStartedAtMs = run.startedAtMs;
      writer?.createRun(run, atMs);
    },
    sample(sample) {
      if (sample.cpuPercent !== null) cpuPeakPercent = Math.max(cpuPeakPercent ?? 0, sample.cpuPercent);
      if (sample.rssBytes !== null) memoryPeakBytes = Math.max(memoryPeakBytes ?? 0, sample.rssBytes);
      // The store keeps the run's latest reading and peaks current in the same transaction.
      writer?.addSample({
        runId,
        atMs: sample.atMs,
        cpuPercent: sample.cpuPercent,
        rssBytes: sample.rssBytes,
        processCount: sample.processCount,
        zombieCount: sample.zombieCount,
      });
    },
    output(lines) {
      if (lines.length === 0) return;
      const tail = lines.length > tailLinesPerTick ? lines.slice(-tailLinesPerTick) : lines;
      writer?.addOutput(runId, tail);
    },
    decision(decision, startedAtMs) {
      writer?.addDecision(runId, decision);
      if (decision.taken === 'continue') return;
      actions.push({
        action: decision.taken,
        intended: decision.intended,
        at_ms: decision.atMs - startedAtMs,
        reason: decision.reason,
        detectors: decision.findings.map((f) => f.detector),
        evidence: decision.findings,
      });
    },
    event(type, atMs, data) {
      writer?.appendEvent({ type, atMs, runId, incidentId: null, data });
    },
    update(update) {
      writer?.updateRun(runId, update);
    },
    closeIncident(atMs, summary) {
      writer?.closeIncident(runId, atMs, summary);
    },
    peaks: () => ({ cpuPeakPercent, memoryPeakBytes }),
    actions: () => actions,
  };
}

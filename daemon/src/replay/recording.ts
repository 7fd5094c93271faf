/**
 * What a replay works from: a run's recorded ticks, usage reports, restarts and decisions, in one
 * plain shape whether it comes from the evidence store or from a plain log file. Pure types.
 */
import type { Action, DetectionConfig, OutputLine, OutputVolume, ProtocolSignal, TakenAction } from '../core/types.js';
import type { PolicyConfig } from '../core/types.js';
import type { ProfileName } from '../config/types.js';

/** Analysed lines kept per tick in a run.volume event (the newest are kept). */
export const RECORDED_LINES_PER_TICK = 200;
/** Characters kept of each recorded line. */
export const RECORDED_LINE_CHARS = 1000;

/** Data of a `run.volume` event: one supervisor tick's output and protocol signals. */
export interface VolumeEventData {
  bytes: number;
  lines: number;
  carriageReturns: number;
  /** The analysed lines (redacted), at most RECORDED_LINES_PER_TICK. */
  analysed: OutputLine[];
  /** Analysed lines left out of `analysed` by the cap. */
  analysedDropped: number;
  /**
   * Set by the store when it later emptied `analysed` to keep the run within its budget of recorded
   * lines (adapters/line-retention.ts): how many lines the tick had.
   */
  analysedTrimmed?: number;
  /** Heartbeat and progress signals of the tick (usage is in run.usage events). */
  signals: ProtocolSignal[];
}

/** Data of a `run.config` event: the thresholds and policy the run was supervised with. */
export interface ConfigEventData {
  profile: ProfileName;
  sampleIntervalMs: number;
  detection: DetectionConfig;
  policy: PolicyConfig;
}

/** One evaluation point of the recorded run (a supervisor tick). */
export interface RecordedTick {
  atMs: number;
  sample: {
    cpuPercent: number | null;
    rssBytes: number | null;
    processCount: number | null;
    zombieCount: number | null;
  } | null;
  volume: OutputVolume | null;
  lines: OutputLine[];
  signals: ProtocolSignal[];
}

/** A decision as it was recorded. */
export interface RecordedDecision {
  atMs: number;
  intended: Action;
  taken: TakenAction;
  detectors: string[];
  reason: string;
}

/** Everything a replay needs, in time order within each list. */
export interface Recording {
  source: { kind: 'run'; runId: string; name: string } | { kind: 'log'; path: string; linesPerSecond: number };
  startedAtMs: number;
  endedAtMs: number | null;
  /** The config the run was supervised with, when it was recorded. */
  config: ConfigEventData | null;
  ticks: RecordedTick[];
  usage: { atMs: number; tokensTotal: number; costUsdTotal: number }[];
  /** When a restarted attempt began (the engine and policy start over). */
  restartsAtMs: number[];
  /** When a paused or suspended job ran again (the silence detectors start their wait anew). */
  resumesAtMs: number[];
  decisions: RecordedDecision[];
  /** How the run ended, e.g. "killed (budget) at 5.1 s". */
  ending: string | null;
  /** Fidelity warnings found while loading (missing volume events, dropped lines). */
  warnings: string[];
}

/**
 * Shared types of the pure detection and policy core. Nothing here does I/O: time, samples and
 * output arrive as arguments, so every decision can be tested with fake time and replayed.
 */

/** Which of the child's streams a line came from. */
export type StreamName = 'stdout' | 'stderr';

/** One reading of the whole process tree. A null field is "unavailable", never zero. */
export interface TreeSample {
  atMs: number;
  /** CPU over the interval since the previous sample; 100 = one core. */
  cpuPercent: number | null;
  rssBytes: number | null;
  processCount: number | null;
  zombieCount: number | null;
}

/** One complete output line (without its newline, already truncated to a cap) chosen for analysis. */
export interface OutputLine {
  atMs: number;
  stream: StreamName;
  text: string;
  /** A carriage-return frame of a progress bar redrawing itself: progress evidence, not a line. */
  frame?: boolean;
}

/** Every byte and line the child printed since the previous report, analysed or not. */
export interface OutputVolume {
  atMs: number;
  bytes: number;
  lines: number;
  /** Lines that ended in a carriage return only (progress bars redrawing themselves). */
  carriageReturns: number;
}

/** What a script told the guardrail through `::command::` lines, already authenticated. */
export type ProtocolSignal =
  | { kind: 'heartbeat'; atMs: number }
  | { kind: 'progress'; atMs: number; current: number | null; total: number | null; percent: number | null }
  | { kind: 'usage'; atMs: number; totalTokens: number; totalCostUsd: number };

export type DetectorName =
  | 'cpu'
  | 'memory'
  | 'memory-growth'
  | 'repetition'
  | 'low-diversity'
  | 'flood'
  | 'stall'
  | 'heartbeat'
  | 'timeout'
  | 'zombies'
  | 'token-budget'
  | 'cost-budget';

/** Units of Finding.observed and Finding.threshold. */
export type FindingUnit =
  'percent' | 'bytes' | 'bytes-per-second' | 'ratio' | 'lines-per-second' | 'ms' | 'count' | 'tokens' | 'usd';

/** A detector's verdict with its evidence as data. `breach` means the threshold is crossed now. */
export interface Finding {
  detector: DetectorName;
  severity: 'warn' | 'breach';
  observed: number;
  threshold: number;
  unit: FindingUnit;
  windowMs: number;
  /** Redacted sample lines that show the behaviour (for output detectors). */
  sampleLines: string[];
  /** Extra facts worth showing, e.g. { cycleLength: 2, repeats: 40 }. */
  detail: Record<string, number | string | boolean>;
}

export type Action = 'continue' | 'alert' | 'kill' | 'restart' | 'pause';
export type TakenAction = Action | 'log_only';
export type RolloutMode = 'enforce' | 'shadow' | 'canary';
export type BreachAction = 'kill' | 'restart' | 'pause';

/** The progress guard's view at decision time. */
export interface ProgressState {
  progressing: boolean;
  /** Why the guard thinks the job is making progress, e.g. 'counter epoch 3/20 rising'. */
  reasons: string[];
  /**
   * True when bare counters (`[step 12]`, `page/7`) are the only evidence: they cannot tell an agent's
   * step counter from a crawler's page number, so they veto a loop's kill but leave its alert.
   */
  onlyBareCounters?: boolean;
}

/** A policy decision with the findings that caused it; the reason prose is rendered from data. */
export interface Decision {
  atMs: number;
  intended: Action;
  taken: TakenAction;
  rollout: RolloutMode;
  /** True when the rollout enforces on this run (always true in enforce, false in shadow). */
  enforced: boolean;
  findings: Finding[];
  progress: ProgressState;
  /** Escalation level of repeated alerts on the same detectors (1 = first alert). */
  level: number;
  reason: string;
  /** Set when the progress guard downgraded this breach action to an alert. */
  vetoedAction?: BreachAction;
  /**
   * Milliseconds from the first moment a deciding breach held to this decision (computeDetectionLatencyMs);
   * set by the supervisor, absent on decisions without a breach and on decisions read back from the store.
   */
  detectionLatencyMs?: number;
}

/** Thresholds of the detectors. Optional limits are null when switched off. */
export interface DetectionConfig {
  cpu: { maxPercent: number; windowMs: number };
  memory: { maxBytes: number | null; growthBytesPerSecond: number; growthWindowMs: number };
  repetition: { windowLines: number; minRepeats: number; maxCycleLength: number; minLinesPerSecond: number };
  diversity: { windowLines: number; minUniqueRatio: number };
  flood: { maxLinesPerSecond: number; maxBytesPerSecond: number; windowMs: number };
  stall: { timeoutMs: number | null; idleCpuPercent: number };
  heartbeat: { timeoutMs: number | null };
  timeoutMs: number | null;
  zombies: { max: number };
  budget: { maxTokens: number | null; maxCostUsd: number | null; alertRatio: number };
}

/** How findings become actions, and how actions roll out. */
export interface PolicyConfig {
  onBreach: BreachAction;
  alertCooldownMs: number;
  rollout: RolloutMode;
  canaryPercent: number;
  /** Stable key of the run for the canary sample (see docs/policy.md). */
  runKey: string;
}

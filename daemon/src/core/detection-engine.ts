/** The detection engine: feeds samples, lines, volumes and signals to every detector and the progress guard. */
import type {
  DetectionConfig,
  Finding,
  OutputLine,
  OutputVolume,
  ProgressState,
  ProtocolSignal,
  TreeSample,
} from './types.js';
import { maskTimes, normalizeMasked } from './normalize-line.js';
import { createProgressGuard, DEFAULT_PROGRESS_OPTIONS, type ProgressOptions } from './progress-guard.js';
import { createVolumeWindow } from './volume-window.js';
import { createCpuWindowDetector } from './detectors/cpu-window.js';
import { createMemoryDetector } from './detectors/memory.js';
import { createMemoryGrowthDetector } from './detectors/memory-growth.js';
import { createRepetitionDetector } from './detectors/repetition.js';
import { createLowDiversityDetector } from './detectors/low-diversity.js';
import { createFloodDetector } from './detectors/flood.js';
import { createStallDetector } from './detectors/stall.js';
import { createHeartbeatDetector } from './detectors/heartbeat.js';
import { evaluateTimeout } from './detectors/timeout.js';
import { createZombieDetector } from './detectors/zombies.js';
import { createBudgetDetector } from './detectors/budget.js';

/** What one evaluation found, and whether the job looks like it is progressing. */
export interface DetectionResult {
  findings: Finding[];
  progress: ProgressState;
}

/** Optional tunables of the engine. */
export interface DetectionEngineOptions {
  progress?: ProgressOptions;
  /** Window of the line rate recorded on repetition findings. */
  lineRateWindowMs?: number;
}

/** The engine's interface; see createDetectionEngine. */
export interface DetectionEngine {
  observeSample(sample: TreeSample): void;
  observeLines(lines: readonly OutputLine[]): void;
  observeVolume(volume: OutputVolume): void;
  observeSignal(signal: ProtocolSignal): void;
  /**
   * The job was held stopped until atMs (a pause, or Ctrl-Z) and now runs again: the silence detectors
   * (stall, heartbeat) start their wait anew; the windows and the wall-clock timeout are kept.
   */
  observeResume(atMs: number): void;
  evaluate(nowMs: number): DetectionResult;
  /** After a restart: clears output, CPU and memory windows; keeps the run start and budget totals. */
  reset(nowMs: number): void;
}

const DEFAULT_LINE_RATE_WINDOW_MS = 10_000;

/** Creates the engine for one run that started at startMs; all time comes in through the calls. */
export function createDetectionEngine(
  cfg: DetectionConfig,
  startMs: number,
  options: DetectionEngineOptions = {},
): DetectionEngine {
  const lineRateWindowMs = options.lineRateWindowMs ?? DEFAULT_LINE_RATE_WINDOW_MS;
  const volumes = createVolumeWindow(Math.max(cfg.flood.windowMs, lineRateWindowMs), startMs);
  const progress = createProgressGuard(options.progress ?? DEFAULT_PROGRESS_OPTIONS);
  const cpu = createCpuWindowDetector(cfg.cpu, startMs);
  const memory = createMemoryDetector(cfg.memory);
  const memoryGrowth = createMemoryGrowthDetector(cfg.memory);
  const repetition = createRepetitionDetector(cfg.repetition);
  const diversity = createLowDiversityDetector(cfg.diversity);
  const flood = createFloodDetector(cfg.flood, volumes);
  const stall = createStallDetector(cfg.stall, startMs);
  const heartbeat = createHeartbeatDetector(cfg.heartbeat);
  const zombies = createZombieDetector(cfg.zombies.max);
  const tokens = createBudgetDetector('token-budget', cfg.budget.maxTokens, cfg.budget);
  const cost = createBudgetDetector('cost-budget', cfg.budget.maxCostUsd, cfg.budget);

  return {
    observeSample(sample) {
      cpu.observe(sample);
      memory.observe(sample);
      memoryGrowth.observe(sample);
      stall.observeSample(sample);
      zombies.observe(sample);
    },
    observeLines(lines) {
      for (const line of lines) {
        // Masked once per line: the progress guard reads bare counters from this form too.
        const masked = maskTimes(line.text);
        const normalized = normalizeMasked(masked);
        progress.observeLine(line.atMs, line.text, normalized, masked);
        if (line.frame === true) continue; // a redrawn progress bar is not a repeated line
        const windowLine = { atMs: line.atMs, raw: line.text, normalized };
        repetition.observe(windowLine);
        diversity.observe(windowLine);
        stall.observeOutput(line.atMs);
      }
    },
    observeVolume(volume) {
      volumes.observe(volume);
      progress.observeVolume(volume);
      if (volume.bytes > 0 || volume.lines > 0) stall.observeOutput(volume.atMs);
    },
    observeSignal(signal) {
      stall.observeSignal(signal.atMs);
      if (signal.kind === 'heartbeat') heartbeat.observeHeartbeat(signal.atMs);
      else if (signal.kind === 'progress') progress.observeSignal(signal);
      else {
        tokens.observe(signal.totalTokens);
        cost.observe(signal.totalCostUsd);
      }
    },
    observeResume(atMs) {
      stall.observeResume(atMs);
      heartbeat.observeResume(atMs);
    },
    evaluate(nowMs) {
      const lineRate = volumes.rates(nowMs, lineRateWindowMs).linesPerSecond;
      const candidates = [
        cpu.evaluate(nowMs),
        memory.evaluate(),
        memoryGrowth.evaluate(nowMs),
        repetition.evaluate(nowMs, lineRate),
        diversity.evaluate(nowMs),
        flood.evaluate(nowMs),
        stall.evaluate(nowMs),
        heartbeat.evaluate(nowMs),
        evaluateTimeout(cfg.timeoutMs, startMs, nowMs),
        zombies.evaluate(),
        tokens.evaluate(),
        cost.evaluate(),
      ];
      const findings = candidates.filter((finding): finding is Finding => finding !== null);
      return { findings, progress: progress.evaluate(nowMs) };
    },
    reset(nowMs) {
      volumes.reset(nowMs);
      progress.reset();
      cpu.reset(nowMs);
      memory.reset();
      memoryGrowth.reset();
      repetition.reset();
      diversity.reset();
      stall.reset(nowMs);
      heartbeat.reset();
      zombies.reset();
      tokens.reset();
      cost.reset();
    },
  };
}

/**
 * The built-in profiles. `standard` is the default; `strict` tightens every threshold for unattended
 * agent jobs; `lenient` loosens them for heavy but legitimate work (training, builds).
 */
import type { DetectionConfig } from '../core/types.js';
import { DEFAULT_PRICING } from './default-pricing.js';
import type { ProfileName, ResolvedConfig } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const MB = 1e6;

function standardDetection(): DetectionConfig {
  return {
    cpu: { maxPercent: 90, windowMs: 10 * SECOND },
    memory: { maxBytes: null, growthBytesPerSecond: (100 * MB) / 60, growthWindowMs: 5 * MINUTE },
    repetition: { windowLines: 200, minRepeats: 20, maxCycleLength: 8, minLinesPerSecond: 2 },
    diversity: { windowLines: 500, minUniqueRatio: 0.05 },
    flood: { maxLinesPerSecond: 20_000, maxBytesPerSecond: 16 * MB, windowMs: 10 * SECOND },
    stall: { timeoutMs: 5 * MINUTE, idleCpuPercent: 2 },
    heartbeat: { timeoutMs: null },
    timeoutMs: null,
    zombies: { max: 50 },
    budget: { maxTokens: null, maxCostUsd: null, alertRatio: 0.8 },
  };
}

function standard(): ResolvedConfig {
  return {
    profile: 'standard',
    name: null,
    sampleIntervalMs: SECOND,
    graceMs: 5 * SECOND,
    detection: standardDetection(),
    policy: { onBreach: 'kill', alertCooldownMs: MINUTE, rollout: 'enforce', canaryPercent: 10, runKey: null },
    restart: {
      maxRestarts: 5,
      windowMs: 10 * MINUTE,
      backoffInitialMs: SECOND,
      backoffMaxMs: MINUTE,
      stableMs: 5 * MINUTE,
      retryOnExit: 'none',
      noRetryOnExit: [],
    },
    pause: { timeoutMs: 10 * MINUTE, fallback: 'kill' },
    output: { maxLineBytes: 8192, tailLines: 200 },
    pricing: { asOf: DEFAULT_PRICING.asOf, models: { ...DEFAULT_PRICING.models } },
    db: null,
    summaryJson: null,
    quiet: false,
    echoProtocol: false,
  };
}

function strict(): ResolvedConfig {
  const c = standard();
  c.profile = 'strict';
  c.detection.cpu = { maxPercent: 80, windowMs: 5 * SECOND };
  c.detection.memory.growthBytesPerSecond = (50 * MB) / 60;
  c.detection.memory.growthWindowMs = 3 * MINUTE;
  c.detection.repetition = { windowLines: 200, minRepeats: 10, maxCycleLength: 10, minLinesPerSecond: 1 };
  c.detection.diversity = { windowLines: 300, minUniqueRatio: 0.1 };
  c.detection.flood = { maxLinesPerSecond: 5000, maxBytesPerSecond: 4 * MB, windowMs: 5 * SECOND };
  c.detection.stall = { timeoutMs: MINUTE, idleCpuPercent: 2 };
  c.detection.zombies.max = 10;
  c.detection.budget.alertRatio = 0.7;
  c.policy.alertCooldownMs = 30 * SECOND;
  c.restart.maxRestarts = 3;
  c.pause.timeoutMs = 5 * MINUTE;
  return c;
}

function lenient(): ResolvedConfig {
  const c = standard();
  c.profile = 'lenient';
  c.detection.cpu = { maxPercent: 95, windowMs: MINUTE };
  c.detection.memory.growthBytesPerSecond = (500 * MB) / 60;
  c.detection.memory.growthWindowMs = 10 * MINUTE;
  c.detection.repetition = { windowLines: 500, minRepeats: 50, maxCycleLength: 8, minLinesPerSecond: 5 };
  c.detection.diversity = { windowLines: 1000, minUniqueRatio: 0.02 };
  c.detection.flood = { maxLinesPerSecond: 100_000, maxBytesPerSecond: 64 * MB, windowMs: 30 * SECOND };
  c.detection.stall = { timeoutMs: 30 * MINUTE, idleCpuPercent: 1 };
  c.detection.zombies.max = 200;
  c.detection.budget.alertRatio = 0.9;
  c.policy.alertCooldownMs = 5 * MINUTE;
  c.restart.maxRestarts = 10;
  c.pause.timeoutMs = 30 * MINUTE;
  return c;
}

const BUILDERS: Record<ProfileName, () => ResolvedConfig> = { standard, strict, lenient };

/** A fresh copy of a profile's full configuration (callers may mutate it). */
export function getProfile(name: ProfileName): ResolvedConfig {
  return BUILDERS[name]();
}

/**
 * The resolved configuration of a supervised run: what schema.ts validates and load.ts produces
 * (profile < file < env < flags). Durations are milliseconds and sizes bytes after resolution.
 */
import type { DetectionConfig, PolicyConfig } from '../core/types.js';

export type ProfileName = 'standard' | 'strict' | 'lenient';

/** Restart loop settings: exponential backoff with a cap, reset after a stable period, and a budget. */
export interface RestartConfig {
  maxRestarts: number;
  windowMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  stableMs: number;
  /** Exit codes that are restarted / never restarted when onBreach or on-exit restart applies. */
  retryOnExit: number[] | 'any-nonzero' | 'none';
  noRetryOnExit: number[];
}

/** Per-model prices in USD per million tokens. */
export interface ModelPrice {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
}

export interface ResolvedConfig {
  profile: ProfileName;
  name: string | null;
  sampleIntervalMs: number;
  graceMs: number;
  detection: DetectionConfig;
  /** runKey is filled in by the supervisor when not configured. */
  policy: Omit<PolicyConfig, 'runKey'> & { runKey: string | null };
  restart: RestartConfig;
  pause: { timeoutMs: number; fallback: 'kill' | 'resume' };
  output: { maxLineBytes: number; tailLines: number };
  pricing: { asOf: string; models: Record<string, ModelPrice> };
  db: string | null;
  summaryJson: string | null;
  quiet: boolean;
  echoProtocol: boolean;
}

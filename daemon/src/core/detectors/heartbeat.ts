/** Heartbeat: a script that announced heartbeats and then stopped sending them. */
import type { DetectionConfig, Finding } from '../types.js';

/** Breach when the last heartbeat is older than timeoutMs; silent until the first heartbeat. */
export function createHeartbeatDetector(cfg: DetectionConfig['heartbeat']) {
  let lastHeartbeatMs: number | null = null;
  return {
    observeHeartbeat(atMs: number): void {
      lastHeartbeatMs = Math.max(lastHeartbeatMs ?? atMs, atMs);
    },
    /** The job was held stopped until atMs: it could not beat meanwhile, so the wait starts again. */
    observeResume(atMs: number): void {
      if (lastHeartbeatMs !== null) lastHeartbeatMs = Math.max(lastHeartbeatMs, atMs);
    },
    evaluate(nowMs: number): Finding | null {
      if (cfg.timeoutMs === null || lastHeartbeatMs === null) return null;
      const silentMs = nowMs - lastHeartbeatMs;
      if (silentMs < cfg.timeoutMs) return null;
      return {
        detector: 'heartbeat',
        severity: 'breach',
        observed: silentMs,
        threshold: cfg.timeoutMs,
        unit: 'ms',
        windowMs: cfg.timeoutMs,
        sampleLines: [],
        detail: { lastHeartbeatAtMs: lastHeartbeatMs },
      };
    },
    reset(): void {
      lastHeartbeatMs = null;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { getProfile } from '../config/profiles.js';
import type { DetectionConfig, DetectorName } from './types.js';
import { createDetectionEngine } from './detection-engine.js';

function config(): DetectionConfig {
  const cfg = getProfile('standard').detection;
  cfg.memory.maxBytes = 1e9;
  cfg.heartbeat.timeoutMs = 30_000;
  cfg.timeoutMs = 3_600_000;
  cfg.budget.maxTokens = 1000;
  return cfg;
}

/** Feeds `seconds` seconds of a job printing `text(i)` at 10 lines/s with the given CPU, evaluating each second as the supervisor's tick does. */
function feed(
  engine: ReturnType<typeof createDetectionEngine>,
  fromS: number,
  seconds: number,
  cpu: number,
  text: (i: number) => string,
) {
  for (let s = fromS + 1; s <= fromS + seconds; s++) {
    const atMs = s * 1000;
    engine.observeSample({ atMs, cpuPercent: cpu, rssBytes: 1e8, processCount: 1, zombieCount: 0 });
    engine.observeVolume({ atMs, bytes: 500, lines: 10, carriageReturns: 0 });
    engine.observeLines(
      Array.from({ length: 10 }, (_, i) => ({ atMs, stream: 'stdout' as const, text: text(s * 10 + i) })),
    );
    if (s < fromS + seconds) engine.evaluate(atMs);
  }
}

const detectors = (engine: ReturnType<typeof createDetectionEngine>, nowMs: number): DetectorName[] =>
  engine.evaluate(nowMs).findings.map((f) => f.detector);

describe('createDetectionEngine', () => {
  it('reports a hot loop printing one line as CPU plus repetition, with no progress', () => {
    const engine = createDetectionEngine(config(), 0);
    feed(engine, 0, 15, 99, (i) => `retry id=${(0xabc000 + i).toString(16)} failed`);
    const result = engine.evaluate(15_000);
    expect(result.findings.map((f) => f.detector)).toEqual(['cpu', 'repetition']);
    expect(result.progress.progressing).toBe(false);
  });

  it('treats carriage-return progress-bar frames as progress, not as a repeated line', () => {
    const engine = createDetectionEngine(config(), 0);
    for (let s = 1; s <= 15; s++) {
      const atMs = s * 1000;
      engine.observeSample({ atMs, cpuPercent: 50, rssBytes: 1e8, processCount: 1, zombieCount: 0 });
      engine.observeVolume({ atMs, bytes: 500, lines: 0, carriageReturns: 10 });
      engine.observeLines(
        Array.from({ length: 10 }, (_, i) => ({
          atMs,
          stream: 'stdout' as const,
          text: `${s * 10 + i}%|###| ${s * 10 + i}/200`,
          frame: true,
        })),
      );
    }
    const result = engine.evaluate(15_000);
    expect(result.findings.map((f) => f.detector)).not.toContain('repetition');
    expect(result.progress.progressing).toBe(true);
  });

  it('reports a training loop as progressing through its rising step counter', () => {
    const engine = createDetectionEngine(config(), 0);
    feed(engine, 0, 15, 99, (i) => `epoch 1/3 step ${i}/1000 loss=0.${i}`);
    expect(engine.evaluate(15_000).progress.reasons.join()).toContain('rising');
  });

  it('routes protocol signals to heartbeat, progress and budget', () => {
    const engine = createDetectionEngine(config(), 0);
    engine.observeSignal({ kind: 'heartbeat', atMs: 1000 });
    engine.observeSignal({ kind: 'progress', atMs: 2000, current: 1, total: 10, percent: null });
    engine.observeSignal({ kind: 'progress', atMs: 3000, current: 2, total: 10, percent: null });
    engine.observeSignal({ kind: 'usage', atMs: 3000, totalTokens: 1200, totalCostUsd: 0.1 });
    const result = engine.evaluate(40_000);
    expect(result.findings.map((f) => f.detector)).toEqual(['heartbeat', 'token-budget']);
    expect(result.progress.progressing).toBe(true);
  });

  it('does not count the time a job was held stopped as its own silence (stall, heartbeat)', () => {
    const cfg = config();
    cfg.stall.timeoutMs = 60_000;
    const idle = (atMs: number) => ({ atMs, cpuPercent: 0, rssBytes: 1e8, processCount: 1, zombieCount: 0 });
    const heldFor10Minutes = (resume: boolean) => {
      const engine = createDetectionEngine(cfg, 0);
      engine.observeSignal({ kind: 'heartbeat', atMs: 1000 });
      engine.observeSample(idle(1000));
      if (resume) engine.observeResume(600_000); // stopped from 1 s to 600 s (pause or Ctrl-Z)
      engine.observeSample(idle(601_000));
      return engine;
    };
    expect(detectors(heldFor10Minutes(false), 601_000)).toEqual(['stall', 'heartbeat']);
    const resumed = heldFor10Minutes(true);
    expect(detectors(resumed, 601_000)).toEqual([]);
    // Silence after the resume still counts, from the resume on.
    resumed.observeSample(idle(661_000));
    expect(detectors(resumed, 661_000)).toEqual(['stall', 'heartbeat']);
  });

  it('reports memory over the limit from the latest sample', () => {
    const engine = createDetectionEngine(config(), 0);
    engine.observeSample({ atMs: 500, cpuPercent: null, rssBytes: 2e9, processCount: 1, zombieCount: 0 });
    expect(detectors(engine, 500)).toEqual(['memory']);
  });

  it('reports a timeout measured from the run start, even after a reset', () => {
    const engine = createDetectionEngine(config(), 0);
    engine.reset(3_000_000);
    expect(detectors(engine, 3_600_000)).toContain('timeout');
  });

  it('clears output and CPU windows on reset but keeps budget totals', () => {
    const engine = createDetectionEngine(config(), 0);
    feed(engine, 0, 15, 99, () => 'same line again');
    engine.observeSignal({ kind: 'usage', atMs: 15_000, totalTokens: 600, totalCostUsd: 0 });
    engine.reset(15_000);
    engine.observeSignal({ kind: 'usage', atMs: 16_000, totalTokens: 500, totalCostUsd: 0 });
    expect(detectors(engine, 16_000)).toEqual(['token-budget']);
  });
});

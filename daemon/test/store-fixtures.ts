/** Shared fixtures of the store tests: a run and a decision to insert. */
import type { NewRun } from '../src/contract/records.js';
import type { Decision, DetectorName } from '../src/core/types.js';

/** A run with sensible defaults; override any field. */
export function newRun(id: string, over: Partial<NewRun> = {}): NewRun {
  return {
    id,
    name: `job ${id}`,
    command: ['python3', 'agent.py'],
    cwd: '/tmp',
    rollout: 'enforce',
    runKey: `key-${id}`,
    enforced: true,
    ownerKind: 'cli',
    ownerPid: 4242,
    startedAtMs: 1000,
    limits: { maxCpuPercent: 90, maxMemoryBytes: null },
    ...over,
  };
}

/** A decision with one breach finding of detector; override any field. */
export function decision(over: Partial<Decision> = {}, detector: DetectorName = 'cpu'): Decision {
  return {
    atMs: 2000,
    intended: 'alert',
    taken: 'alert',
    rollout: 'enforce',
    enforced: true,
    findings: [
      {
        detector,
        severity: 'breach',
        observed: 180,
        threshold: 90,
        unit: 'percent',
        windowMs: 30_000,
        sampleLines: [],
        detail: {},
      },
    ],
    progress: { progressing: false, reasons: [] },
    level: 1,
    reason: `${detector} over its limit`,
    ...over,
  };
}

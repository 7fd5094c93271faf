/** Shared fixtures of the store tests: a run to insert. */
import type { NewRun } from '../src/contract/records.js';

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

/** Records a run's start: its row (command already redacted) and the config replay needs. */
import type { ResolvedConfig } from '../config/types.js';
import type { OwnerKind } from '../contract/records.js';
import { recordRunConfig } from './replay-record.js';
import type { RunRecorder } from './run-recorder.js';

export interface RunStartFacts {
  runId: string;
  command: string[];
  cwd: string;
  runKey: string;
  enforced: boolean;
  owner: { id: string; kind: OwnerKind };
  startedAtMs: number;
}

/** Inserts the run (run.started) and its resolved config (run.config). */
export function recordRunStart(recorder: RunRecorder, config: ResolvedConfig, facts: RunStartFacts): void {
  recorder.start(
    {
      id: facts.runId,
      name: config.name ?? facts.command.join(' ').slice(0, 80),
      command: facts.command,
      cwd: facts.cwd,
      rollout: config.policy.rollout,
      runKey: facts.runKey,
      enforced: facts.enforced,
      ownerKind: facts.owner.kind,
      ownerPid: process.pid,
      startedAtMs: facts.startedAtMs,
      limits: { maxCpuPercent: config.detection.cpu.maxPercent, maxMemoryBytes: config.detection.memory.maxBytes },
    },
    facts.startedAtMs,
  );
  recordRunConfig(recorder, config, facts.runKey, facts.startedAtMs);
}

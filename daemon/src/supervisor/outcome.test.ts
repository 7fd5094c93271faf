import { describe, expect, it } from 'vitest';
import { renderExitSummary, toSummaryJson, type RunOutcome } from './outcome.js';

/** A run killed by the memory detector under `--max-memory-mb 300` (300 MB = 300,000,000 bytes). */
const killedOverMemory: RunOutcome = {
  runId: 'run-1',
  command: ['python3', 'leak.py'],
  exitCode: 125,
  childExitCode: null,
  signal: 'SIGKILL',
  terminationReason: 'policy-kill',
  durationMs: 2_000,
  restarts: 0,
  actions: [
    {
      action: 'kill',
      intended: 'kill',
      at_ms: 1_500,
      reason: 'memory 307.6 MB over the limit 300 MB',
      detectors: ['memory'],
      evidence: [],
    },
  ],
  cpuPeakPercent: 99.6,
  memoryPeakBytes: 307_560_448,
  tokensTotal: 0,
  costUsdTotal: 0,
  outputs: {},
  recovered: false,
  message: null,
};

describe('memory in the exit summary and the summary JSON', () => {
  it('prints the memory peak in MB (10^6 bytes), the unit of the limit, so it reads as over the limit', () => {
    expect(renderExitSummary(killedOverMemory)).toEqual([
      'Runaway detected in 1.5 seconds: memory 307.6 MB over the limit 300 MB',
      'CPU peaked at 100%',
      'Memory peaked at 307.6 MB',
      '  at 1.5 s: kill (memory)',
      'Run run-1: ended as policy-kill, exit code 125',
    ]);
  });

  it('writes memory_peak_mb in MB (10^6 bytes) with one decimal, comparable with --max-memory-mb', () => {
    expect(toSummaryJson(killedOverMemory).memory_peak_mb).toBe(307.6);
  });

  it('leaves the memory peak out when no sample was available', () => {
    const unsampled = { ...killedOverMemory, memoryPeakBytes: null };
    expect(toSummaryJson(unsampled).memory_peak_mb).toBeNull();
    expect(renderExitSummary(unsampled).some((line) => line.startsWith('Memory peaked'))).toBe(false);
  });
});

describe('the exit summary of a stop without a policy action', () => {
  const stoppedByPerson: RunOutcome = {
    ...killedOverMemory,
    exitCode: 122,
    terminationReason: 'user-stop',
    actions: [],
    message: 'FlowForge stopped the job: stopped by api@127.0.0.1 (tester)',
  };

  it('says who stopped the job and how the run ended (a kill from the dashboard or API)', () => {
    expect(renderExitSummary(stoppedByPerson)).toEqual([
      'FlowForge stopped the job: stopped by api@127.0.0.1 (tester)',
      'Run run-1: ended as user-stop, exit code 122',
    ]);
  });

  it('stays quiet for a job that ended by itself', () => {
    expect(renderExitSummary({ ...stoppedByPerson, terminationReason: 'exited', exitCode: 0, message: null })).toEqual(
      [],
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { LiveEvent } from './event-stream';
import { appendOutput, appendSample, outputOf, patchRunSample, sampleOf } from './live-patches';
import type { RunDetailResponse, RunRecord, RunsResponse } from './types';

const run = (id: string): RunRecord => ({
  id,
  name: id,
  command: ['true'],
  cwd: '/',
  status: 'running',
  rollout: 'enforce',
  runKey: id,
  enforced: true,
  ownerKind: 'cli',
  ownerPid: 1,
  childPid: 2,
  startedAtMs: 0,
  endedAtMs: null,
  exitCode: null,
  signal: null,
  terminationReason: null,
  restarts: 0,
  cpuPeakPercent: null,
  memoryPeakBytes: null,
  cpuPercent: null,
  rssBytes: null,
  tokensTotal: 0,
  costUsdTotal: 0,
  outputs: {},
  limits: { maxCpuPercent: 90, maxMemoryBytes: null },
});

const event = (type: string, runId: string, atMs: number, data: Record<string, unknown>): LiveEvent => ({
  id: atMs,
  type,
  atMs,
  runId,
  incidentId: null,
  data,
});

const sample = (runId: string, atMs: number) =>
  event('run.sample', runId, atMs, { cpuPercent: 50, rssBytes: 1024, processCount: 1, zombieCount: 0 });

const detail = (): RunDetailResponse => ({ run: run('a'), samples: [], output: [], decisions: [], audit: [] });

describe('sampleOf and outputOf', () => {
  it('reads a sample from a run.sample event, taking its time from the event', () => {
    expect(sampleOf(sample('a', 10))).toEqual({
      runId: 'a',
      atMs: 10,
      cpuPercent: 50,
      rssBytes: 1024,
      processCount: 1,
      zombieCount: 0,
    });
  });
  it('keeps an unavailable reading as null, never zero', () => {
    expect(sampleOf(event('run.sample', 'a', 10, { cpuPercent: null, rssBytes: null }))?.cpuPercent).toBeNull();
  });
  it('ignores an event without the sample fields', () => {
    expect(sampleOf(event('run.sample', 'a', 10, {}))).toBeNull();
  });
  it('reads the lines of a run.output event', () => {
    const lines = outputOf(
      event('run.output', 'a', 5, { lines: [{ atMs: 4, stream: 'stderr', text: 'boom' }, { nope: 1 }] }),
    );
    expect(lines).toEqual([{ runId: 'a', atMs: 4, stream: 'stderr', text: 'boom' }]);
  });
});

describe('patches', () => {
  it('updates the CPU and memory now of the sampled run only', () => {
    const data: RunsResponse = { runs: [run('a'), run('b')] };
    const patched = patchRunSample(data, sample('b', 10));
    expect(patched?.runs.map((r) => r.cpuPercent)).toEqual([null, 50]);
  });
  it('returns the same object when the run is not listed', () => {
    const data: RunsResponse = { runs: [run('a')] };
    expect(patchRunSample(data, sample('z', 10))).toBe(data);
  });
  it('appends samples in time order, drops stale ones and keeps at most the cap', () => {
    let data: RunDetailResponse | undefined = detail();
    for (const atMs of [1, 2, 3, 2]) data = appendSample(data, sample('a', atMs), 2);
    expect(data?.samples.map((s) => s.atMs)).toEqual([2, 3]);
    expect(data?.run.cpuPercent).toBe(50);
  });
  it('ignores samples and output of other runs', () => {
    const data = detail();
    expect(appendSample(data, sample('b', 1), 10)).toBe(data);
    expect(
      appendOutput(data, event('run.output', 'b', 1, { lines: [{ atMs: 1, stream: 'stdout', text: 'x' }] }), 10),
    ).toBe(data);
  });
  it('appends output lines up to the cap', () => {
    const lines = [1, 2, 3].map((n) => ({ atMs: n, stream: 'stdout', text: String(n) }));
    const data = appendOutput(detail(), event('run.output', 'a', 3, { lines }), 2);
    expect(data?.output.map((l) => l.text)).toEqual(['2', '3']);
  });
});

/**
 * Pure functions that fold live events into cached API responses, so charts, tables and the output
 * tail move without refetching. An event whose payload does not look as expected changes nothing.
 */
import type { LiveEvent } from './event-stream';
import type { OutputLineRecord, RunDetailResponse, RunsResponse, SampleRecord } from './types';

const numOrNull = (value: unknown): number | null | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : value === null ? null : undefined;

/** Reads the sample carried by a run.sample event, or null when it carries none. */
export function sampleOf(event: LiveEvent): SampleRecord | null {
  if (event.type !== 'run.sample' || event.runId === null) return null;
  const { data } = event;
  const atMs = numOrNull(data.atMs) ?? event.atMs;
  const cpuPercent = numOrNull(data.cpuPercent);
  const rssBytes = numOrNull(data.rssBytes);
  if (atMs === null || cpuPercent === undefined || rssBytes === undefined) return null;
  return {
    runId: event.runId,
    atMs,
    cpuPercent,
    rssBytes,
    processCount: numOrNull(data.processCount) ?? null,
    zombieCount: numOrNull(data.zombieCount) ?? null,
  };
}

/** Reads the output lines carried by a run.output event (a `lines` array or a single line). */
export function outputOf(event: LiveEvent): OutputLineRecord[] {
  if (event.type !== 'run.output' || event.runId === null) return [];
  const runId = event.runId;
  const raw: unknown[] = Array.isArray(event.data.lines) ? (event.data.lines as unknown[]) : [event.data];
  const lines: OutputLineRecord[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const line = item as Record<string, unknown>;
    if (typeof line.text !== 'string') continue;
    const atMs = typeof line.atMs === 'number' ? line.atMs : (event.atMs ?? 0);
    lines.push({ runId, atMs, stream: line.stream === 'stderr' ? 'stderr' : 'stdout', text: line.text });
  }
  return lines;
}

/** Updates the CPU and memory "now" of the sampled run in the runs list. */
export function patchRunSample(data: RunsResponse | undefined, event: LiveEvent): RunsResponse | undefined {
  const sample = sampleOf(event);
  if (data === undefined || sample === null) return data;
  if (!data.runs.some((run) => run.id === sample.runId)) return data;
  const runs = data.runs.map((run) =>
    run.id === sample.runId ? { ...run, cpuPercent: sample.cpuPercent, rssBytes: sample.rssBytes } : run,
  );
  return { ...data, runs };
}

/** Appends a run.sample to the run page's samples (keeping at most cap) and updates "now". */
export function appendSample(
  data: RunDetailResponse | undefined,
  event: LiveEvent,
  cap: number,
): RunDetailResponse | undefined {
  const sample = sampleOf(event);
  if (data === undefined || sample === null || data.run.id !== sample.runId) return data;
  const last = data.samples.at(-1);
  if (last !== undefined && last.atMs >= sample.atMs) return data;
  const samples = [...data.samples, sample].slice(-cap);
  return { ...data, samples, run: { ...data.run, cpuPercent: sample.cpuPercent, rssBytes: sample.rssBytes } };
}

/** Appends a run.output event's lines to the run page's output tail (keeping at most cap). */
export function appendOutput(
  data: RunDetailResponse | undefined,
  event: LiveEvent,
  cap: number,
): RunDetailResponse | undefined {
  const lines = outputOf(event);
  if (data === undefined || lines.length === 0 || data.run.id !== event.runId) return data;
  return { ...data, output: [...data.output, ...lines].slice(-cap) };
}

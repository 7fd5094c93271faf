/** Reads a recorded run from the evidence store into a Recording for replay. */
import type { StoreReader } from '../adapters/store.js';
import type { EventRecord, EventType, RunRecord } from '../contract/records.js';
import type { OutputLine, ProtocolSignal } from '../core/types.js';
import { FlowForgeError } from '../errors.js';
import type { ConfigEventData, RecordedTick, Recording } from './recording.js';

const REPLAY_EVENT_TYPES: EventType[] = [
  'run.sample',
  'run.volume',
  'run.usage',
  'run.config',
  'run.restarting',
  'action.resumed',
];
const PAGE = 1000;

/** Finds a run by id or by a unique id prefix (as printed in summaries). */
export function findRun(store: Pick<StoreReader, 'getRun' | 'listRuns'>, idOrPrefix: string): RunRecord {
  const exact = store.getRun(idOrPrefix);
  if (exact !== null) return exact;
  const matches = store.listRuns({ limit: 500 }).filter((run) => run.id.startsWith(idOrPrefix));
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return only;
  throw new FlowForgeError(
    'RUN_NOT_FOUND',
    matches.length === 0
      ? `No run has id ${JSON.stringify(idOrPrefix)} in this database; list runs with GET /v1/runs or pass --db FILE.`
      : `${matches.length} runs start with ${JSON.stringify(idOrPrefix)}; give more of the id.`,
  );
}

function readEvents(store: Pick<StoreReader, 'listTimeline'>, runId: string): EventRecord[] {
  const pages: EventRecord[][] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = store.listTimeline({
      runId,
      types: REPLAY_EVENT_TYPES,
      limit: PAGE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    pages.push(page);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) break;
    beforeId = last.id;
  }
  return pages.flat().reverse();
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function tickAt(ticks: Map<number, RecordedTick>, atMs: number): RecordedTick {
  let tick = ticks.get(atMs);
  if (tick === undefined) {
    tick = { atMs, sample: null, volume: null, lines: [], signals: [] };
    ticks.set(atMs, tick);
  }
  return tick;
}

function applyVolume(tick: RecordedTick, data: Record<string, unknown>): number {
  tick.volume = {
    atMs: tick.atMs,
    bytes: num(data.bytes) ?? 0,
    lines: num(data.lines) ?? 0,
    carriageReturns: num(data.carriageReturns) ?? 0,
  };
  if (Array.isArray(data.analysed)) tick.lines = data.analysed as OutputLine[];
  if (Array.isArray(data.signals)) tick.signals = data.signals as ProtocolSignal[];
  return num(data.analysedDropped) ?? 0;
}

function describeEnding(run: RunRecord): string | null {
  if (run.endedAtMs === null) return `still ${run.status}`;
  const at = ((run.endedAtMs - run.startedAtMs) / 1000).toFixed(1);
  return `${run.status} (${run.terminationReason ?? 'unknown'}) at ${at} s`;
}

/** Loads the run's ticks, usage, restarts and decisions; warns about what was not recorded. */
export function readRunRecording(
  store: Pick<StoreReader, 'getRun' | 'listRuns' | 'listTimeline' | 'listDecisions'>,
  idOrPrefix: string,
): Recording {
  const run = findRun(store, idOrPrefix);
  const ticks = new Map<number, RecordedTick>();
  const recording: Recording = {
    source: { kind: 'run', runId: run.id, name: run.name },
    startedAtMs: run.startedAtMs,
    endedAtMs: run.endedAtMs,
    config: null,
    ticks: [],
    usage: [],
    restartsAtMs: [],
    resumesAtMs: [],
    decisions: [],
    ending: describeEnding(run),
    warnings: [],
  };
  let volumeEvents = 0;
  let dropped = 0;
  let trimmedTicks = 0;
  let lastTrimmedAtMs: number | null = null;
  for (const event of readEvents(store, run.id)) {
    const { data } = event;
    if (event.type === 'run.sample') {
      tickAt(ticks, event.atMs).sample = {
        cpuPercent: num(data.cpuPercent),
        rssBytes: num(data.rssBytes),
        processCount: num(data.processCount),
        zombieCount: num(data.zombieCount),
      };
    } else if (event.type === 'run.volume') {
      volumeEvents++;
      dropped += applyVolume(tickAt(ticks, event.atMs), data);
      if ((num(data.analysedTrimmed) ?? 0) > 0) {
        trimmedTicks++;
        lastTrimmedAtMs = event.atMs;
      }
    } else if (event.type === 'run.usage') {
      recording.usage.push({
        atMs: event.atMs,
        tokensTotal: num(data.tokensTotal) ?? 0,
        costUsdTotal: num(data.costUsdTotal) ?? 0,
      });
    } else if (event.type === 'run.config') {
      recording.config = data as unknown as ConfigEventData;
    } else if (event.type === 'action.resumed') {
      recording.resumesAtMs.push(event.atMs);
    } else {
      recording.restartsAtMs.push(event.atMs + (num(data.delayMs) ?? 0));
    }
  }
  recording.ticks = [...ticks.values()].sort((a, b) => a.atMs - b.atMs);
  recording.decisions = store.listDecisions(run.id).map((d) => ({
    atMs: d.atMs,
    intended: d.intended,
    taken: d.taken,
    detectors: [...new Set(d.findings.map((f) => f.detector))],
    reason: d.reason,
  }));
  if (volumeEvents === 0) {
    recording.warnings.push(
      'no run.volume events (recorded by an older FlowForge, or the job printed nothing): output detectors see no lines',
    );
  }
  if (dropped > 0)
    recording.warnings.push(`${dropped} analysed lines were not recorded (cap per tick): repetition may differ`);
  if (lastTrimmedAtMs !== null) {
    const upTo = ((lastTrimmedAtMs - run.startedAtMs) / 1000).toFixed(0);
    recording.warnings.push(
      `the lines of ${trimmedTicks} ticks up to ${upTo} s were not kept (the store keeps the newest of a run's lines within a budget): output detectors see only counts there`,
    );
  }
  if (recording.config === null) recording.warnings.push('no run.config event: the recorded thresholds are unknown');
  return recording;
}

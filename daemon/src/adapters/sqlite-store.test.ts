import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
import { defaultDbPath, openStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { readRunRecording } from '../replay/read-run-recording.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-store-'));
  store = openStore(join(dir, 'nested', 'flowforge.db'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates the parent directory and answers ping', () => {
    expect(store.ping()).toBe(true);
  });

  it('reopens an existing file without re-applying migrations and keeps its rows', () => {
    store.createRun(newRun('r1'), 1000);
    store.close();
    store = openStore(join(dir, 'nested', 'flowforge.db'));
    expect(store.getRun('r1')?.name).toBe('job r1');
  });

  it('opens read-only for readers and refuses writes there', () => {
    store.createRun(newRun('r1'), 1000);
    const reader = openStore(store.path, { readonly: true });
    try {
      expect(reader.getRun('r1')?.id).toBe('r1');
      expect(() => {
        reader.createRun(newRun('r2'), 1000);
      }).toThrow(/readonly/i);
    } finally {
      reader.close();
    }
  });

  it('throws STORE_OPEN_FAILED for a path under a regular file', () => {
    expect(() => openStore(join(store.path, 'sub', 'x.db'))).toThrow(
      expect.objectContaining({ code: 'STORE_OPEN_FAILED' }),
    );
  });
});

describe('defaultDbPath', () => {
  it.each([
    ['FLOWFORGE_DB wins', { FLOWFORGE_DB: '/x/ff.db', XDG_DATA_HOME: '/d', HOME: '/h' }, '/x/ff.db'],
    ['XDG_DATA_HOME next', { XDG_DATA_HOME: '/d', HOME: '/h' }, '/d/flowforge/flowforge.db'],
    ['HOME last', { HOME: '/h' }, '/h/.local/share/flowforge/flowforge.db'],
    [
      'empty values are ignored',
      { FLOWFORGE_DB: '', XDG_DATA_HOME: '', HOME: '/h' },
      '/h/.local/share/flowforge/flowforge.db',
    ],
  ])('%s', (_name, env, expected) => {
    expect(defaultDbPath(env)).toBe(expected);
  });
});

describe('runs and samples', () => {
  it('round-trips a run with defaults and appends run.started', () => {
    store.createRun(newRun('r1'), 1000);
    expect(store.getRun('r1')).toMatchObject({
      id: 'r1',
      command: ['python3', 'agent.py'],
      status: 'running',
      enforced: true,
      childPid: null,
      restarts: 0,
      outputs: {},
      limits: { maxCpuPercent: 90, maxMemoryBytes: null },
    });
    expect(store.listTimeline({ limit: 10 }).map((e) => e.type)).toEqual(['run.started']);
  });

  it('applies partial updates and leaves other fields alone', () => {
    store.createRun(newRun('r1'), 1000);
    store.updateRun('r1', { status: 'exited', exitCode: 0, outputs: { model: 'a' }, endedAtMs: 5000 });
    expect(store.getRun('r1')).toMatchObject({
      status: 'exited',
      exitCode: 0,
      outputs: { model: 'a' },
      endedAtMs: 5000,
      name: 'job r1',
    });
  });

  it('stores samples with unavailable fields as null and tracks the latest reading and peaks', () => {
    store.createRun(newRun('r1'), 1000);
    store.addSample({ runId: 'r1', atMs: 1000, cpuPercent: null, rssBytes: 100, processCount: 1, zombieCount: 0 });
    store.addSample({ runId: 'r1', atMs: 2000, cpuPercent: 150, rssBytes: 300, processCount: 2, zombieCount: 0 });
    store.addSample({ runId: 'r1', atMs: 3000, cpuPercent: 50, rssBytes: null, processCount: null, zombieCount: null });
    expect(store.listSamples('r1').map((s) => s.cpuPercent)).toEqual([null, 150, 50]);
    expect(store.listSamples('r1', { sinceMs: 2000, limit: 1 }).map((s) => s.atMs)).toEqual([3000]);
    expect(store.getRun('r1')).toMatchObject({
      cpuPercent: 50,
      rssBytes: null,
      cpuPeakPercent: 150,
      memoryPeakBytes: 300,
    });
  });

  it('lists active runs newest first and pages by start time', () => {
    store.createRun(newRun('a', { startedAtMs: 1 }), 1);
    store.createRun(newRun('b', { startedAtMs: 2 }), 2);
    store.createRun(newRun('c', { startedAtMs: 3 }), 3);
    store.updateRun('b', { status: 'exited' });
    expect(store.listRuns({ limit: 10, status: 'active' }).map((r) => r.id)).toEqual(['c', 'a']);
    expect(store.listRuns({ limit: 10, beforeId: 3 }).map((r) => r.id)).toEqual(['b', 'a']);
  });
});

describe('output tail', () => {
  it('keeps only the newest lines per run and cuts long lines on a character boundary', () => {
    store.close();
    store = openStore(join(dir, 'tail.db'), { outputTailLines: 3, outputLineBytes: 5 });
    store.createRun(newRun('r1'), 1000);
    store.createRun(newRun('r2'), 1000);
    store.addOutput('r2', [{ atMs: 1, stream: 'stdout', text: 'other' }]);
    for (let i = 0; i < 4; i += 1) store.addOutput('r1', [{ atMs: i, stream: 'stdout', text: `line${i}` }]);
    store.addOutput('r1', [{ atMs: 9, stream: 'stderr', text: 'ééé' }]);
    expect(store.listOutput('r1').map((l) => l.text)).toEqual(['line2', 'line3', 'éé']);
    expect(store.listOutput('r2')).toHaveLength(1);
  });
});

describe('events', () => {
  it('pages the timeline newest first with beforeId and catches up in id order with eventsAfter', () => {
    const ids = Array.from({ length: 5 }, (_, i) =>
      store.appendEvent({ atMs: i, type: 'protocol.notice', runId: null, incidentId: null, data: { i } }),
    );
    const page1 = store.listTimeline({ limit: 2 });
    const page2 = store.listTimeline({ limit: 2, beforeId: page1.at(-1)?.id ?? 0 });
    expect([...page1, ...page2].map((e) => e.data.i)).toEqual([4, 3, 2, 1]);
    expect(store.eventsAfter(ids[1] ?? 0, 2).map((e) => e.data.i)).toEqual([2, 3]);
    expect(store.latestEventId()).toBe(ids[4]);
  });
});

describe('lines kept per run', () => {
  const lines = (tick: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ atMs: tick, stream: 'stdout' as const, text: `tick ${tick} line ${i}` }));
  const eventsOf = (runId: string, type: string) =>
    store
      .listTimeline({ runId, limit: 1000 })
      .filter((event) => event.type === type)
      .reverse();

  it('empties the oldest replay ticks past the budget, keeping their counts, and says so to replay', () => {
    store.close();
    // Each tick below carries 10 lines of ≈66 bytes by the budget's measure: ≈660 bytes a tick.
    store = openStore(join(dir, 'budget.db'), { volumeLineBytesPerRun: 2000 });
    store.createRun(newRun('r1'), 1000);
    store.createRun(newRun('r2'), 1000);
    for (let tick = 1; tick <= 6; tick++) {
      store.appendEvent({
        atMs: 1000 + tick * 1000,
        type: 'run.volume',
        runId: 'r1',
        incidentId: null,
        data: { bytes: 100, lines: 10, carriageReturns: 0, analysed: lines(tick, 10), analysedDropped: 0, signals: [] },
      });
    }
    store.appendEvent({
      atMs: 2000,
      type: 'run.volume',
      runId: 'r2',
      incidentId: null,
      data: { bytes: 100, lines: 10, carriageReturns: 0, analysed: lines(1, 10), analysedDropped: 0, signals: [] },
    });
    const ticks = eventsOf('r1', 'run.volume');
    expect(ticks).toHaveLength(6);
    expect(ticks.map((t) => (t.data['analysed'] as unknown[]).length)).toEqual([0, 0, 0, 10, 10, 10]);
    expect(ticks.map((t) => t.data['analysedTrimmed'] ?? null)).toEqual([10, 10, 10, null, null, null]);
    expect(ticks.every((t) => t.data['lines'] === 10 && t.data['bytes'] === 100)).toBe(true);
    // Another run's budget is its own.
    expect(eventsOf('r2', 'run.volume')[0]?.data['analysed']).toHaveLength(10);
    const recording = readRunRecording(store, 'r1');
    expect(recording.warnings.join('\n')).toContain('the lines of 3 ticks up to 3 s were not kept');
    expect(recording.ticks.map((t) => t.lines.length)).toEqual([0, 0, 0, 10, 10, 10]);
  });

  it('deletes the oldest live-tail events past the budget, and starts afresh for a run that ended', () => {
    store.close();
    store = openStore(join(dir, 'live.db'), { liveOutputBytesPerRun: 2000, outputTailLines: 100 });
    store.createRun(newRun('r1'), 1000);
    for (let tick = 1; tick <= 6; tick++) store.addOutput('r1', lines(tick, 10));
    const kept = eventsOf('r1', 'run.output');
    expect(kept.map((event) => (event.data['lines'] as { text: string }[])[0]?.text)).toEqual([
      'tick 4 line 0',
      'tick 5 line 0',
      'tick 6 line 0',
    ]);
    // The bounded tail table is not touched by this: it keeps its own newest lines.
    expect(store.listOutput('r1')).toHaveLength(60);
    store.updateRun('r1', { endedAtMs: 9000, status: 'exited' });
    store.addOutput('r1', lines(7, 10));
    expect(eventsOf('r1', 'run.output')).toHaveLength(4);
  });
});

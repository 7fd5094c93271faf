import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decision, newRun } from '../../test/store-fixtures.js';
import { openStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;

/** A run with one of every kind of row a run leaves behind, ended at endedAtMs (null: still going). */
function leaveRun(id: string, endedAtMs: number | null): void {
  store.createRun(newRun(id), 1000);
  store.addSample({ runId: id, atMs: 2000, cpuPercent: 50, rssBytes: 1e6, processCount: 1, zombieCount: 0 });
  store.addOutput(id, [{ atMs: 2000, stream: 'stdout', text: `${id} says hi` }]);
  store.addDecision(id, decision({ intended: 'kill', taken: 'kill' }));
  store.enqueueCommand({
    runId: id,
    kind: 'kill',
    reason: 'test',
    requestedBy: 'api',
    requestId: `q-${id}`,
    atMs: 2500,
  });
  store.addAudit({ atMs: 2500, actor: 'api', action: 'kill', runId: id, requestId: `q-${id}`, detail: {} });
  if (endedAtMs !== null) store.updateRun(id, { status: 'killed', endedAtMs });
}

/** How many rows of each table belong to the run. */
function rowsOf(id: string): Record<string, number> {
  return {
    run: store.getRun(id) === null ? 0 : 1,
    samples: store.listSamples(id, { limit: 100 }).length,
    output: store.listOutput(id).length,
    decisions: store.listDecisions(id).length,
    incidents: store.listIncidents({ runId: id, limit: 100 }).length,
    events: store.listTimeline({ runId: id, limit: 100 }).length,
    audit: store.listAudit({ runId: id, limit: 100 }).length,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-prune-'));
  store = openStore(join(dir, 'flowforge.db'));
  leaveRun('old', 10_000);
  leaveRun('recent', 90_000);
  leaveRun('running', null);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pruneRuns', () => {
  it('removes the runs that ended before the cutoff with every row they left, and keeps the audit log', () => {
    const eventsOfOld = rowsOf('old').events;
    expect(eventsOfOld).toBeGreaterThan(3);
    expect(store.pruneRuns(50_000, { dryRun: false })).toEqual({ runs: 1, events: eventsOfOld });
    expect(rowsOf('old')).toEqual({ run: 0, samples: 0, output: 0, decisions: 0, incidents: 0, events: 0, audit: 1 });
    expect(store.getCommand(1)).toBeNull();
    for (const id of ['recent', 'running']) {
      expect(rowsOf(id)).toMatchObject({ run: 1, samples: 1, output: 1, decisions: 1, incidents: 1, audit: 1 });
    }
  });

  it('never removes a run that is still going, however old its start', () => {
    expect(store.pruneRuns(Number.MAX_SAFE_INTEGER, { dryRun: false }).runs).toBe(2);
    expect(rowsOf('running').run).toBe(1);
  });

  it('only counts on a dry run', () => {
    const before = rowsOf('old');
    expect(store.pruneRuns(50_000, { dryRun: true })).toEqual({ runs: 1, events: before.events });
    expect(rowsOf('old')).toEqual(before);
  });

  it('removes many runs in several transactions and vacuums afterwards', () => {
    for (let i = 0; i < 45; i++) leaveRun(`batch-${i}`, 20_000 + i);
    expect(store.pruneRuns(50_000, { dryRun: false }).runs).toBe(46);
    store.vacuum();
    expect(
      store
        .listRuns({ limit: 100 })
        .map((run) => run.id)
        .sort(),
    ).toEqual(['recent', 'running']);
  });
});

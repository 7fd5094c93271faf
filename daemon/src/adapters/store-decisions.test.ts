import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decision, newRun } from '../../test/store-fixtures.js';
import { openStore } from './sqlite-store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-store-'));
  store = openStore(join(dir, 'flowforge.db'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('decisions and incidents', () => {
  beforeEach(() => {
    store.createRun(newRun('r1'), 1000);
  });

  it('does not open an incident for a continue decision', () => {
    const d = store.addDecision('r1', decision({ intended: 'continue', taken: 'continue', findings: [] }));
    expect(d.incidentId).toBeNull();
    expect(store.listIncidents({ limit: 10 })).toEqual([]);
    expect(store.listTimeline({ limit: 10 }).map((e) => e.type)).toEqual(['policy.decided', 'run.started']);
  });

  it('opens an incident on the first alert and appends policy.decided and action.alerted', () => {
    const d = store.addDecision('r1', decision());
    expect(d).toMatchObject({
      runId: 'r1',
      intended: 'alert',
      enforced: true,
      findings: [{ detector: 'cpu', observed: 180 }],
    });
    const incident = store.getIncident(d.incidentId ?? -1);
    expect(incident).toMatchObject({ status: 'open', action: 'alert', detectors: ['cpu'], openedAtMs: 2000 });
    expect(store.listTimeline({ limit: 10, runId: 'r1' }).map((e) => e.type)).toEqual([
      'action.alerted',
      'policy.decided',
      'incident.opened',
      'run.started',
    ]);
  });

  it('updates the open incident so that the strongest action wins and detectors accumulate', () => {
    const first = store.addDecision('r1', decision({ intended: 'kill', taken: 'kill' }));
    const second = store.addDecision('r1', decision({ atMs: 3000 }, 'repetition'));
    expect(second.incidentId).toBe(first.incidentId);
    expect(store.getIncident(first.incidentId ?? -1)).toMatchObject({
      action: 'kill',
      taken: 'kill',
      detectors: ['cpu', 'repetition'],
    });
  });

  it('records a shadow kill as intended kill, taken log_only with an action.log_only event', () => {
    const d = store.addDecision(
      'r1',
      decision({ intended: 'kill', taken: 'log_only', rollout: 'shadow', enforced: false }),
    );
    expect(store.getIncident(d.incidentId ?? -1)).toMatchObject({ action: 'kill', taken: 'log_only' });
    expect(store.listTimeline({ limit: 1, types: ['action.log_only'] })).toHaveLength(1);
  });

  it('closes the open incident and opens a new one on the next trouble', () => {
    const first = store.addDecision('r1', decision());
    store.closeIncident('r1', 5000, 'recovered');
    expect(store.getIncident(first.incidentId ?? -1)).toMatchObject({
      status: 'resolved',
      closedAtMs: 5000,
      summary: 'recovered',
    });
    const second = store.addDecision('r1', decision({ atMs: 6000 }));
    expect(second.incidentId).not.toBe(first.incidentId);
  });

  it('filters incidents by run, action, detector and time', () => {
    store.createRun(newRun('r2'), 1000);
    store.addDecision('r1', decision({ atMs: 100 }, 'memory'));
    store.addDecision('r2', decision({ atMs: 200, intended: 'kill', taken: 'kill' }, 'cpu'));
    expect(store.listIncidents({ limit: 10, runId: 'r2' }).map((i) => i.runId)).toEqual(['r2']);
    expect(store.listIncidents({ limit: 10, action: 'kill' }).map((i) => i.runId)).toEqual(['r2']);
    expect(store.listIncidents({ limit: 10, detector: 'memory' }).map((i) => i.runId)).toEqual(['r1']);
    expect(store.listIncidents({ limit: 10, sinceMs: 150 }).map((i) => i.runId)).toEqual(['r2']);
    expect(store.listDecisions('r1')).toHaveLength(1);
  });
});

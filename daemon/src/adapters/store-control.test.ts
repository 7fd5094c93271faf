import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
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

describe('commands, owners and audit', () => {
  it('delivers pending commands to the owner once and records the ack', () => {
    const cmd = store.enqueueCommand({
      runId: 'r1',
      kind: 'kill',
      reason: 'user',
      requestedBy: 'api',
      requestId: 'q1',
      atMs: 10,
    });
    store.enqueueCommand({
      runId: 'other',
      kind: 'pause',
      reason: 'user',
      requestedBy: 'api',
      requestId: 'q2',
      atMs: 11,
    });
    expect(store.pendingCommands(['r1']).map((c) => c.id)).toEqual([cmd.id]);
    store.ackCommand(cmd.id, 20, 'acked', 'killed');
    store.ackCommand(cmd.id, 30, 'failed', 'late duplicate');
    expect(store.pendingCommands(['r1'])).toEqual([]);
    expect(store.getCommand(cmd.id)).toMatchObject({ state: 'acked', ackedAtMs: 20, result: 'killed' });
    expect(store.listTimeline({ limit: 10, types: ['command.acked'] })).toHaveLength(1);
  });

  it('computes owner states from heartbeat age and finds the active runs of an owner', () => {
    store.registerOwner({ id: 'o1', pid: 4242, kind: 'cli', hostname: 'h', atMs: 0 });
    store.registerOwner({ id: 'o2', pid: 7, kind: 'daemon', hostname: 'h', atMs: 0 });
    store.registerOwner({ id: 'o3', pid: 8, kind: 'cli', hostname: 'h', atMs: 0 });
    store.createRun(newRun('mine'), 1000);
    store.createRun(newRun('done'), 1000);
    store.updateRun('done', { status: 'exited' });
    store.heartbeatOwner('o1', 900);
    store.markOwnerGone('o3', 500);
    const states = Object.fromEntries(store.listOwners(1000, 500).map((o) => [o.id, o.state]));
    expect(states).toEqual({ o1: 'heartbeating', o2: 'stale', o3: 'gone' });
    expect(store.runsOfOwner('o1').map((r) => r.id)).toEqual(['mine']);
    expect(store.runsOfOwner('o2')).toEqual([]);
  });

  it('stores audit entries and appends an audit event', () => {
    const entry = store.addAudit({
      atMs: 1,
      actor: 'token:ab12',
      action: 'run.kill',
      runId: 'r1',
      requestId: 'q',
      detail: { why: 'x' },
    });
    expect(store.listAudit({ runId: 'r1', limit: 5 })).toEqual([entry]);
    expect(store.listTimeline({ limit: 5, types: ['audit'] })).toHaveLength(1);
  });
});

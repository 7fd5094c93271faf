import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDeadState, readProcStat } from './proc-stat.js';
import { killProcessTree, signalProcessGroup } from './kill-tree.js';
import { readProcessTreePids } from './process-tree-sampler.js';
import { createGroupTracker, waitUntil } from '../../test/process-groups.js';

const groups = createGroupTracker();

function spawnGroup(script: string): number {
  return groups.spawnGroup(script).pid;
}

function isGoneOrZombie(pid: number): boolean {
  const stat = readProcStat('/proc', pid);
  return stat === null || isDeadState(stat);
}

/** Pids of the tree and their groups, once the tree has at least `count` processes. */
async function treeOf(root: number, count: number): Promise<number[]> {
  const pids = await waitUntil(
    () => readProcessTreePids(root),
    (p) => p.length >= count,
  );
  groups.remember(pids);
  return pids;
}

// A python that ignores SIGTERM (it creates the file named by its argument once it does) and one
// that starts its own session (setsid) and sleeps.
const STUBBORN = `python3 -c "import signal, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nopen(sys.argv[1], 'w').close()\ntime.sleep(60)"`;
const SETSID = `python3 -c "import os, time\nos.setsid()\ntime.sleep(60)"`;

afterEach(() => {
  groups.killAll();
});

describe('killProcessTree', () => {
  it('ends the group and a grandchild that left it with setsid, without escalating', async () => {
    const root = spawnGroup(`${SETSID} & sleep 60 & wait`);
    const pids = await treeOf(root, 3);
    const setsidPid = await waitUntil(
      () => pids.find((pid) => readProcStat('/proc', pid)?.pgid === pid && pid !== root),
      (pid) => pid !== undefined,
    );
    expect(setsidPid).toBeDefined();
    const result = await killProcessTree({ pgid: root, rootPid: root, graceMs: 10_000 });
    expect(result).toEqual({ escalated: false, survivors: 0 });
    expect(pids.filter((pid) => !isGoneOrZombie(pid))).toEqual([]);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM, and leaves no pid alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-kill-'));
    const ready = join(dir, 'ready');
    const root = spawnGroup(`${STUBBORN} ${ready} & wait`);
    await waitUntil(() => existsSync(ready), Boolean);
    rmSync(dir, { recursive: true, force: true });
    const pids = await treeOf(root, 2);
    const result = await killProcessTree({ pgid: root, rootPid: root, graceMs: 200 });
    expect(result).toEqual({ escalated: true, survivors: 0 });
    expect(pids.filter((pid) => !isGoneOrZombie(pid))).toEqual([]);
  });

  it('ends a paused (SIGSTOPped) tree with SIGTERM', async () => {
    const root = spawnGroup('sleep 60 & wait');
    const pids = await treeOf(root, 2);
    signalProcessGroup(root, 'SIGSTOP');
    await waitUntil(() => pids.every((pid) => readProcStat('/proc', pid)?.state === 'T'), Boolean);
    const result = await killProcessTree({ pgid: root, rootPid: root, graceMs: 10_000 });
    expect(result.escalated).toBe(false);
    expect(pids.filter((pid) => !isGoneOrZombie(pid))).toEqual([]);
  });
});

describe('signalProcessGroup', () => {
  it('returns false for a group that no longer exists instead of throwing', async () => {
    const root = spawnGroup('exit 0');
    await waitUntil(() => isGoneOrZombie(root), Boolean);
    await waitUntil(
      () => signalProcessGroup(root, 0),
      (delivered) => !delivered,
    );
  });

  it.each([
    ['zero (own group)', 0],
    ['one (every process)', 1],
    ['a negative number', -5],
    ['this process', process.pid],
  ])('refuses pgid %s', (_name, pgid) => {
    expect(() => signalProcessGroup(pgid, 'SIGTERM')).toThrow(RangeError);
  });
});

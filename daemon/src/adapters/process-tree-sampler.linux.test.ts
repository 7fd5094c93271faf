import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcStat } from './proc-stat.js';
import { createTreeSampler, readProcessTreePids } from './process-tree-sampler.js';

const started: ChildProcess[] = [];
const seenPids = new Set<number>();

function spawnGroup(script: string): { pid: number; child: ChildProcess } {
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  started.push(child);
  if (child.pid === undefined) throw new Error('spawn failed');
  return { pid: child.pid, child };
}

/** Polls every pollMs until value() passes check; the vitest timeout bounds the wait. */
async function waitUntil<T>(value: () => T, check: (v: T) => boolean, pollMs = 20): Promise<T> {
  for (;;) {
    const v = value();
    if (check(v)) return v;
    await sleep(pollMs);
  }
}

afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.pid === undefined) continue;
    for (const pid of readProcessTreePids(child.pid)) seenPids.add(pid);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  for (const pid of seenPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  seenPids.clear();
});

describe('createTreeSampler on the real /proc', () => {
  it('sums the cpu of two busy loops behind sh -c and counts the processes and their memory', async () => {
    const { pid } = spawnGroup('python3 -c "while True: pass" & python3 -c "while True: pass" & wait');
    const sampler = createTreeSampler({ rootPid: pid, fullScanEvery: 3 });
    // Readings 100 ms apart span several clock ticks, so the rate reflects the loops, not rounding.
    const sample = await waitUntil(
      () => sampler.sample(Date.now()),
      (s) => s.processCount === 3 && (s.cpuPercent ?? 0) > 50,
      100,
    );
    for (const pid of sampler.memberPids()) seenPids.add(pid);
    expect(sample.rssBytes).toBeGreaterThan(0);
    expect(sample.zombieCount).toBe(0);
  });

  it('counts a child its parent never reaped as a zombie', async () => {
    const { pid } = spawnGroup('exec python3 -c "import os, time\nif os.fork() == 0: os._exit(0)\ntime.sleep(60)"');
    const sampler = createTreeSampler({ rootPid: pid });
    const sample = await waitUntil(
      () => sampler.sample(Date.now()),
      (s) => s.zombieCount === 1 && s.processCount === 2,
    );
    expect(sample.rssBytes).toBeGreaterThan(0);
  });

  it('reports unavailable (null) fields once the root has gone', async () => {
    const { pid, child } = spawnGroup('exit 0');
    await new Promise<void>((done) => {
      if (child.exitCode !== null) done();
      else
        child.once('exit', () => {
          done();
        });
    });
    // Node reaps its child right after 'exit'; wait until /proc forgets it.
    await waitUntil(
      () => readProcStat('/proc', pid),
      (stat) => stat === null,
    );
    const sampler = createTreeSampler({ rootPid: pid });
    expect(sampler.sample(1)).toEqual({
      atMs: 1,
      cpuPercent: null,
      rssBytes: null,
      processCount: null,
      zombieCount: null,
    });
  });
});

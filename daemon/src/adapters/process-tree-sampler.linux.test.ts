import { afterEach, describe, expect, it } from 'vitest';
import { readProcStat } from './proc-stat.js';
import { createTreeSampler } from './process-tree-sampler.js';
import { createGroupTracker, waitUntil } from '../../test/process-groups.js';

const groups = createGroupTracker();
const { spawnGroup } = groups;

afterEach(() => {
  groups.killAll();
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
    groups.remember(sampler.memberPids());
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

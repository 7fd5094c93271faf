import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTreeSampler, readProcessTreePids } from './process-tree-sampler.js';

/** A fake /proc: each process has a stat file and, optionally, a children file. */
interface FakeProc {
  pid: number;
  ppid: number;
  pgid: number;
  ticks: number;
  rssPages?: number;
  state?: string;
  startTime?: number;
}

let procRoot: string;

beforeEach(() => {
  procRoot = mkdtempSync(join(tmpdir(), 'ff-proc-'));
});

afterEach(() => {
  rmSync(procRoot, { recursive: true, force: true });
});

function writeProcs(procs: FakeProc[], withChildren: boolean): void {
  rmSync(procRoot, { recursive: true, force: true });
  mkdirSync(procRoot);
  for (const p of procs) {
    const dir = join(procRoot, String(p.pid));
    mkdirSync(join(dir, 'task', String(p.pid)), { recursive: true });
    const f = [
      p.state ?? 'R',
      p.ppid,
      p.pgid,
      0,
      0,
      -1,
      0,
      0,
      0,
      0,
      0,
      p.ticks,
      0,
      0,
      0,
      20,
      0,
      1,
      0,
      p.startTime ?? 1,
      0,
      p.rssPages ?? 10,
    ];
    writeFileSync(join(dir, 'stat'), `${p.pid} (fake job) ${f.join(' ')} 0 0 0\n`);
    if (withChildren) {
      const kids = procs.filter((c) => c.ppid === p.pid).map((c) => c.pid);
      writeFileSync(join(dir, 'task', String(p.pid), 'children'), kids.map((k) => `${k} `).join(''));
    }
  }
  writeFileSync(join(procRoot, 'self'), '');
}

const system: FakeProc[] = [
  { pid: 1, ppid: 0, pgid: 1, ticks: 5000 },
  { pid: 50, ppid: 1, pgid: 50, ticks: 9000 },
];

describe.each([
  ['with children files', true],
  ['without children files (incremental scan)', false],
])('createTreeSampler on a fake /proc %s', (_name, withChildren) => {
  const sampler = () => createTreeSampler({ rootPid: 100, procRoot, fullScanEvery: 1000 });

  it('reports cpu null on the first sample and the tree rate afterwards (100 = one core)', () => {
    writeProcs(
      [...system, { pid: 100, ppid: 50, pgid: 100, ticks: 0 }, { pid: 101, ppid: 100, pgid: 100, ticks: 0 }],
      withChildren,
    );
    const s = sampler();
    expect(s.sample(0)).toEqual({
      atMs: 0,
      cpuPercent: null,
      rssBytes: 2 * 10 * 4096,
      processCount: 2,
      zombieCount: 0,
    });
    writeProcs(
      [...system, { pid: 100, ppid: 50, pgid: 100, ticks: 100 }, { pid: 101, ppid: 100, pgid: 100, ticks: 50 }],
      withChildren,
    );
    expect(s.sample(1000).cpuPercent).toBeCloseTo(150);
  });

  it('finds a grandchild whose parent exited and a new member of the root group re-parented to init', () => {
    writeProcs(
      [
        ...system,
        { pid: 100, ppid: 50, pgid: 100, ticks: 0 },
        { pid: 101, ppid: 100, pgid: 100, ticks: 0 },
        { pid: 102, ppid: 101, pgid: 777, ticks: 0 },
      ],
      withChildren,
    );
    const s = sampler();
    s.sample(0);
    // 101 exits: 102 (its own group after setsid) is re-parented to init; it stays a member.
    writeProcs(
      [...system, { pid: 100, ppid: 50, pgid: 100, ticks: 0 }, { pid: 102, ppid: 1, pgid: 777, ticks: 100 }],
      withChildren,
    );
    const next = s.sample(1000);
    expect(next.processCount).toBe(2);
    expect(next.cpuPercent).toBeCloseTo(100);
    expect(s.memberPids().sort()).toEqual([100, 102]);
  });

  it('never reports negative cpu when processes exit and counts zombies without their memory', () => {
    writeProcs(
      [...system, { pid: 100, ppid: 50, pgid: 100, ticks: 10 }, { pid: 101, ppid: 100, pgid: 100, ticks: 500 }],
      withChildren,
    );
    const s = sampler();
    s.sample(0);
    writeProcs(
      [
        ...system,
        { pid: 100, ppid: 50, pgid: 100, ticks: 10 },
        { pid: 101, ppid: 100, pgid: 100, ticks: 500, state: 'Z', rssPages: 0 },
      ],
      withChildren,
    );
    expect(s.sample(1000)).toMatchObject({ cpuPercent: 0, processCount: 2, zombieCount: 1, rssBytes: 10 * 4096 });
    writeProcs([...system, { pid: 100, ppid: 50, pgid: 100, ticks: 10 }], withChildren);
    expect(s.sample(2000)).toMatchObject({ cpuPercent: 0, processCount: 1, zombieCount: 0 });
  });

  it('does not count a reused pid as the old process', () => {
    writeProcs(
      [
        ...system,
        { pid: 100, ppid: 50, pgid: 100, ticks: 0 },
        { pid: 101, ppid: 100, pgid: 100, ticks: 0, startTime: 5 },
      ],
      withChildren,
    );
    const s = sampler();
    s.sample(0);
    writeProcs(
      [
        ...system,
        { pid: 100, ppid: 50, pgid: 100, ticks: 0 },
        { pid: 101, ppid: 50, pgid: 50, ticks: 900, startTime: 9 },
      ],
      withChildren,
    );
    expect(s.sample(1000)).toMatchObject({ cpuPercent: 0, processCount: 1 });
  });

  it('reports every field unavailable (null, not zero) when the root cannot be read', () => {
    writeProcs(system, withChildren);
    expect(sampler().sample(5)).toEqual({
      atMs: 5,
      cpuPercent: null,
      rssBytes: null,
      processCount: null,
      zombieCount: null,
    });
  });
});

describe('readProcessTreePids', () => {
  it('lists the root, its group and descendants that left the group, but not zombies or strangers', () => {
    writeProcs(
      [
        ...system,
        { pid: 100, ppid: 50, pgid: 100, ticks: 0 },
        { pid: 101, ppid: 100, pgid: 555, ticks: 0 },
        { pid: 102, ppid: 101, pgid: 555, ticks: 0 },
        { pid: 103, ppid: 1, pgid: 100, ticks: 0 },
        { pid: 104, ppid: 100, pgid: 100, ticks: 0, state: 'Z' },
      ],
      false,
    );
    expect(readProcessTreePids(100, procRoot).sort()).toEqual([100, 101, 102, 103]);
  });
});

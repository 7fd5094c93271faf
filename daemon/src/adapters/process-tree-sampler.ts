/**
 * Samples CPU, memory, process and zombie counts of a whole supervised process tree. On Linux it
 * reads /proc directly (one small stat file per tree process per tick); elsewhere it falls back to
 * ps-list + pidusage (see portable-tree-sampler.ts).
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { TreeSample } from '../core/types.js';
import { isDeadState, readProcStat, readSmallFile, type ProcStat } from './proc-stat.js';
import {
  readLastPid,
  scanChildren,
  scanFull,
  scanIncremental,
  scanMembers,
  type TreeScan,
} from './process-tree-scan.js';
import { createPortableTreeSampler } from './portable-tree-sampler.js';

/** Options of createTreeSampler; the defaults fit Linux on x86-64. */
export interface TreeSamplerOptions {
  /** The supervised child; a process-group leader, so its pgid equals its pid. */
  rootPid: number;
  procRoot?: string;
  clockTicksPerSecond?: number;
  pageSizeBytes?: number;
  /** Every this many ticks, scan all of /proc instead of only new pids or children files. */
  fullScanEvery?: number;
}

/** Reads the tree once per call; keeps per-pid CPU ticks between calls. */
export interface TreeSampler {
  /** One reading; the first has cpuPercent null, a missing root gives all fields null. */
  sample(atMs: number): TreeSample;
  /** Live (non-zombie) pids of the tree at the last sample, including members that left the group. */
  memberPids(): number[];
}

const UNAVAILABLE = { cpuPercent: null, rssBytes: null, processCount: null, zombieCount: null } as const;

/** Creates the sampler for the tree of rootPid: /proc on Linux, ps-list + pidusage elsewhere. */
export function createTreeSampler(options: TreeSamplerOptions): TreeSampler {
  const procRoot = options.procRoot ?? '/proc';
  if (process.platform !== 'linux' && options.procRoot === undefined) return createPortableTreeSampler(options.rootPid);
  return createProcTreeSampler({ ...options, procRoot });
}

function createProcTreeSampler(options: TreeSamplerOptions & { procRoot: string }): TreeSampler {
  const { rootPid, procRoot } = options;
  const ticksPerSecond = options.clockTicksPerSecond ?? 100;
  const pageSizeBytes = options.pageSizeBytes ?? 4096;
  const fullScanEvery = Math.max(1, options.fullScanEvery ?? 10);
  let scan: TreeScan = { members: new Map(), foreign: new Set() };
  let childrenFiles: boolean | null = null;
  let tick = 0;
  let lastAtMs: number | null = null;
  let lastPid: number | null = null;

  function discover(root: ProcStat): TreeScan {
    const full = tick % fullScanEvery === 0;
    tick += 1;
    const previousLastPid = lastPid;
    lastPid = readLastPid(procRoot);
    if (full) return scanFull(procRoot, rootPid, rootPid, scan.members);
    if (lastPid !== null && lastPid === previousLastPid) return scanMembers(procRoot, scan);
    if (childrenFiles !== false) {
      const walked = scanChildren(procRoot, root, scan);
      childrenFiles = walked !== null;
      if (walked !== null) return walked;
    }
    return scanIncremental(procRoot, rootPid, scan);
  }

  /** Ticks a process spent in the interval; a newcomer's life is pro-rated when it began earlier. */
  function intervalTicks(stat: ProcStat, intervalS: number, uptime: () => number | null): number {
    const old = scan.members.get(stat.pid);
    if (old?.startTime === stat.startTime) return Math.max(0, stat.ticks - old.ticks);
    const nowS = uptime();
    if (nowS === null) return stat.ticks;
    const lifeS = nowS - stat.startTime / ticksPerSecond;
    return lifeS > intervalS ? (stat.ticks * intervalS) / lifeS : stat.ticks;
  }

  return {
    sample(atMs) {
      const root = readProcStat(procRoot, rootPid);
      if (root === null) {
        scan = { members: new Map(), foreign: new Set() };
        lastAtMs = null;
        return { atMs, ...UNAVAILABLE };
      }
      const next = discover(root);
      next.members.set(rootPid, root);
      const intervalS = lastAtMs === null ? 0 : (atMs - lastAtMs) / 1000;
      let uptimeS: number | null | undefined;
      const uptime = () => (uptimeS ??= readUptimeSeconds(procRoot));
      let ticks = 0;
      let rssPages = 0;
      let zombies = 0;
      for (const stat of next.members.values()) {
        if (intervalS > 0) ticks += intervalTicks(stat, intervalS, uptime);
        if (isDeadState(stat)) zombies += 1;
        else rssPages += stat.rssPages;
      }
      scan = next;
      lastAtMs = atMs;
      return {
        atMs,
        cpuPercent: intervalS > 0 ? (ticks / ticksPerSecond / intervalS) * 100 : null,
        rssBytes: rssPages * pageSizeBytes,
        processCount: next.members.size,
        zombieCount: zombies,
      };
    },
    memberPids() {
      return [...scan.members.values()].filter((s) => !isDeadState(s)).map((s) => s.pid);
    },
  };
}

function readUptimeSeconds(procRoot: string): number | null {
  try {
    const value = Number(readSmallFile(`${procRoot}/uptime`).split(' ')[0]);
    return Number.isFinite(value) ? value : null;
  } catch {
    // No uptime (a fake /proc in tests): newcomers then count their whole CPU time.
    return null;
  }
}

/**
 * Live (non-zombie) pids of the tree of rootPid right now: the root, its process group and its
 * descendants (also those that left the group). Used by kill-tree; [] when nothing is found.
 */
export function readProcessTreePids(rootPid: number, procRoot = '/proc', pgid = rootPid): number[] {
  if (!existsSync(procRoot)) return readTreePidsWithPs(rootPid, pgid);
  const { members } = scanFull(procRoot, rootPid, pgid);
  return [...members.values()].filter((s) => !isDeadState(s)).map((s) => s.pid);
}

/** Non-Linux fallback of readProcessTreePids using `ps` (pid, ppid, pgid, state). */
function readTreePidsWithPs(rootPid: number, pgid: number): number[] {
  let text: string;
  try {
    text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  } catch {
    // No ps: only the group itself can be signalled, which kill-tree does anyway.
    return [];
  }
  const rows = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((r) => r.length >= 4 && !(r[3] ?? '').startsWith('Z'))
    .map((r) => ({ pid: Number(r[0]), ppid: Number(r[1]), pgid: Number(r[2]) }));
  const members = new Set(rows.filter((r) => r.pid === rootPid || r.pgid === pgid).map((r) => r.pid));
  let grown = true;
  while (grown) {
    grown = false;
    for (const r of rows) {
      if (!members.has(r.pid) && members.has(r.ppid)) {
        members.add(r.pid);
        grown = true;
      }
    }
  }
  return [...members];
}

/**
 * Finding the processes of a supervised tree in /proc: the root, every process of its process group
 * and every descendant, plus "sticky" members seen before that left the group (setsid) and were
 * re-parented. Three strategies with the same result: a full scan, an incremental scan that reads
 * only new pids, and a walk of /proc/<pid>/task/<tid>/children where the kernel offers it.
 */
import { listPids, readChildren, readProcStat, readSmallFile, type ProcStat } from './proc-stat.js';

/** Processes of the tree by pid, and pids known not to belong to it. */
export interface TreeScan {
  members: Map<number, ProcStat>;
  foreign: Set<number>;
}

function isStickyMember(stat: ProcStat, previous: ReadonlyMap<number, ProcStat>): boolean {
  return previous.get(stat.pid)?.startTime === stat.startTime;
}

/** Reads every process's stat and returns the tree of rootPid (group pgid) by ancestry and group. */
export function scanFull(
  procRoot: string,
  rootPid: number,
  pgid: number,
  previous: ReadonlyMap<number, ProcStat> = new Map(),
): TreeScan {
  const all = new Map<number, ProcStat>();
  const childrenOf = new Map<number, number[]>();
  for (const pid of listPids(procRoot)) {
    const stat = readProcStat(procRoot, pid);
    if (stat === null) continue;
    all.set(pid, stat);
    const siblings = childrenOf.get(stat.ppid);
    if (siblings === undefined) childrenOf.set(stat.ppid, [pid]);
    else siblings.push(pid);
  }
  const members = new Map<number, ProcStat>();
  const queue: number[] = [];
  for (const stat of all.values()) {
    if (stat.pid === rootPid || stat.pgid === pgid || isStickyMember(stat, previous)) queue.push(stat.pid);
  }
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    const stat = all.get(pid);
    if (stat === undefined || members.has(pid)) continue;
    members.set(pid, stat);
    for (const child of childrenOf.get(pid) ?? []) queue.push(child);
  }
  const foreign = new Set<number>();
  for (const pid of all.keys()) if (!members.has(pid)) foreign.add(pid);
  return { members, foreign };
}

/**
 * Lists /proc and reads stat only for known members and pids never seen before; a new pid joins when
 * its group is pgid or its parent is a member. Misses only pid reuse of a foreign pid, which the
 * periodic full scan catches.
 */
export function scanIncremental(procRoot: string, pgid: number, previous: TreeScan): TreeScan {
  const members = new Map<number, ProcStat>();
  const fresh: ProcStat[] = [];
  const foreign = previous.foreign;
  for (const pid of listPids(procRoot)) {
    const known = previous.members.get(pid);
    if (known === undefined && foreign.has(pid)) continue;
    const stat = readProcStat(procRoot, pid);
    if (stat === null) continue;
    if (known !== undefined && known.startTime === stat.startTime) members.set(pid, stat);
    else fresh.push(stat);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const stat of fresh) {
      if (members.has(stat.pid)) continue;
      if (stat.pgid === pgid || members.has(stat.ppid)) {
        members.set(stat.pid, stat);
        changed = true;
      }
    }
  }
  for (const stat of fresh) if (!members.has(stat.pid)) foreign.add(stat.pid);
  return { members, foreign };
}

/**
 * Walks children files from the root and the previous members. Returns null when the kernel has no
 * children files (CONFIG_PROC_CHILDREN off), so the caller can switch to scanIncremental.
 */
export function scanChildren(procRoot: string, root: ProcStat, previous: TreeScan): TreeScan | null {
  const members = new Map<number, ProcStat>();
  const queue: ProcStat[] = [root];
  for (const [pid, old] of previous.members) {
    if (pid === root.pid) continue;
    const stat = readProcStat(procRoot, pid);
    if (stat !== null && stat.startTime === old.startTime) queue.push(stat);
  }
  for (let stat = queue.pop(); stat !== undefined; stat = queue.pop()) {
    if (members.has(stat.pid)) continue;
    members.set(stat.pid, stat);
    const children = readChildren(procRoot, stat);
    if (children === null) return null;
    for (const child of children) {
      if (members.has(child)) continue;
      const childStat = readProcStat(procRoot, child);
      if (childStat !== null) queue.push(childStat);
    }
  }
  return { members, foreign: previous.foreign };
}

/** Re-reads the previous members only; right when no process was created since (see readLastPid). */
export function scanMembers(procRoot: string, previous: TreeScan): TreeScan {
  const members = new Map<number, ProcStat>();
  for (const [pid, old] of previous.members) {
    const stat = readProcStat(procRoot, pid);
    if (stat !== null && stat.startTime === old.startTime) members.set(pid, stat);
  }
  return { members, foreign: previous.foreign };
}

/**
 * The most recently created pid of this pid namespace (5th field of /proc/loadavg), or null. When it
 * has not changed between ticks, no process was created, so the tree can only have shrunk.
 */
export function readLastPid(procRoot: string): number | null {
  try {
    const value = Number(readSmallFile(`${procRoot}/loadavg`).trim().split(' ')[4]);
    return Number.isInteger(value) ? value : null;
  } catch {
    // No loadavg (a fake /proc): always look for new processes.
    return null;
  }
}

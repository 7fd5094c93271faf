/**
 * Ending a supervised process tree: a polite signal to its process group and to descendants that
 * left the group (setsid), a grace period, then SIGKILL for whatever is left.
 */
import { existsSync } from 'node:fs';
import { isDeadState, isErrno, readProcStat } from './proc-stat.js';
import { readProcessTreePids } from './process-tree-sampler.js';

/** Options of killProcessTree. */
export interface KillTreeOptions {
  pgid: number;
  rootPid: number;
  graceMs: number;
  signal?: NodeJS.Signals;
  /** Pids the sampler saw in the tree earlier (members that left the group and were re-parented). */
  knownPids?: readonly number[];
  /** How long to wait for SIGKILLed processes to disappear before counting survivors. */
  killWaitMs?: number;
  procRoot?: string;
}

/** How the kill went: whether SIGKILL was needed and how many processes outlived it. */
export interface KillTreeResult {
  escalated: boolean;
  survivors: number;
}

const POLL_MS = 25;

/**
 * Sends signal (SIGTERM) to the group and the tree, waits up to graceMs for every process to end,
 * then SIGKILLs the rest; resolves once no pid of the tree is alive (a zombie counts as dead).
 */
export async function killProcessTree(options: KillTreeOptions): Promise<KillTreeResult> {
  const { pgid, rootPid, graceMs, signal = 'SIGTERM', procRoot = '/proc' } = options;
  assertSafePgid(pgid);
  const tracked = new Set<number>(options.knownPids ?? []);
  const onLinux = existsSync(`${procRoot}/self`);
  const startTimes = new Map<number, number>();

  /** Adds newly found tree members to tracked and signals them; returns the live tracked pids. */
  function sweep(sig: NodeJS.Signals): number[] {
    for (const pid of readProcessTreePids(rootPid, procRoot, pgid)) {
      if (!tracked.has(pid)) {
        tracked.add(pid);
        signalPid(pid, sig);
      }
    }
    const alive = [...tracked].filter((pid) => isAlive(pid));
    for (const pid of tracked) if (!alive.includes(pid)) tracked.delete(pid);
    return alive;
  }

  function isAlive(pid: number): boolean {
    if (!onLinux) return signalPid(pid, 0);
    const stat = readProcStat(procRoot, pid);
    if (stat === null || isDeadState(stat)) return false;
    const first = startTimes.get(pid);
    if (first === undefined) startTimes.set(pid, stat.startTime);
    return first === undefined || first === stat.startTime;
  }

  sweep(signal);
  const deliver = (sig: NodeJS.Signals) => {
    signalProcessGroup(pgid, sig);
    for (const pid of tracked) signalPid(pid, sig);
  };
  deliver(signal);
  // A stopped (paused) process only acts on SIGTERM once continued.
  if (signal !== 'SIGKILL' && signal !== 'SIGCONT') deliver('SIGCONT');
  if (await waitFor(() => sweep(signal).length === 0, graceMs)) return { escalated: false, survivors: 0 };

  deliver('SIGKILL');
  const killWaitMs = options.killWaitMs ?? 5000;
  await waitFor(() => sweep('SIGKILL').length === 0, killWaitMs);
  return { escalated: true, survivors: sweep('SIGKILL').length };
}

/** Sends signal to every process of group pgid; false when the group no longer exists (ESRCH). */
export function signalProcessGroup(pgid: number, signal: NodeJS.Signals | number): boolean {
  assertSafePgid(pgid);
  return signalPid(-pgid, signal);
}

/** Sends signal to one process (a supervised child's pid); false when it no longer exists (ESRCH). */
export function signalProcess(pid: number, signal: NodeJS.Signals | number): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) {
    throw new RangeError(`refusing to signal process ${pid}: expected the pid of a supervised child`);
  }
  return signalPid(pid, signal);
}

function signalPid(pid: number, signal: NodeJS.Signals | number): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if (isErrno(err, 'ESRCH')) return false;
    throw err;
  }
}

/** Refuses pgids whose negation means "every process" or "my own group". */
function assertSafePgid(pgid: number): void {
  if (!Number.isInteger(pgid) || pgid <= 1 || pgid === process.pid || pgid === ownPgid()) {
    throw new RangeError(`refusing to signal process group ${pgid}: expected the pgid of a supervised child`);
  }
}

let cachedOwnPgid: number | null | undefined;
function ownPgid(): number | null {
  cachedOwnPgid ??= readProcStat('/proc', process.pid)?.pgid ?? null;
  return cachedOwnPgid;
}

/** Polls condition every POLL_MS until it holds (true) or timeoutMs passes (false). */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
  }
}

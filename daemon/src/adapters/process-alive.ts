/** Whether a process runs: for pid files, run owners and live markers. */
import { readFileSync } from 'node:fs';

/** True when a process with this pid exists (EPERM counts: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** /proc's clock ticks per second (USER_HZ): fixed at 100 by the kernel's ABI. */
const USER_HZ = 100;

/** When process `pid` started, in ms since the epoch, from /proc; null where /proc cannot tell (not Linux). */
export function processStartedAtMs(pid: number, readProc: (path: string) => string = readText): number | null {
  try {
    const stat = readProc(`/proc/${pid}/stat`);
    // Field 22 (starttime, ticks since boot); the fields after the command name start at field 3.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootLine = readProc('/proc/stat')
      .split('\n')
      .find((line) => line.startsWith('btime '));
    const bootSeconds = Number(bootLine?.slice(6));
    if (!Number.isFinite(startTicks) || !Number.isFinite(bootSeconds) || bootLine === undefined) return null;
    return (bootSeconds + startTicks / USER_HZ) * 1000;
  } catch {
    return null;
  }
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Boot time is kept in whole seconds, and the wall clock may have been stepped since: this much slack. */
const START_SLACK_MS = 5000;

/**
 * True when the process that recorded itself at `recordedAtMs` (a pid file) still runs: its pid is
 * alive and was not started after the record was written. A pid file left by a crash may name a pid
 * the system has since given to another program, which must never be taken for ours (and signalled).
 */
export function isRecordedProcessAlive(
  pid: number,
  recordedAtMs: number,
  startedAtMs: (pid: number) => number | null = processStartedAtMs,
): boolean {
  if (!isProcessAlive(pid)) return false;
  const started = startedAtMs(pid);
  return started === null || started <= recordedAtMs + START_SLACK_MS;
}

/**
 * Test helpers for real process trees: groups started with `sh -c`, every pid they were seen with
 * remembered, and all of them SIGKILLed after each test, so no test leaves a process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcessTreePids } from '../src/adapters/process-tree-sampler.js';

/** Polls every pollMs until value() passes check; the vitest timeout bounds the wait. */
export async function waitUntil<T>(value: () => T, check: (v: T) => boolean, pollMs = 20): Promise<T> {
  for (;;) {
    const v = value();
    if (check(v)) return v;
    await sleep(pollMs);
  }
}

/** Starts process groups and kills everything they ever had; call killAll() in afterEach. */
export interface GroupTracker {
  /** Runs `sh -c script` as the leader of a new process group. */
  spawnGroup: (script: string) => { pid: number; child: ChildProcess };
  /** Pids to kill at the end too (processes that may have left the group). */
  remember: (pids: Iterable<number>) => void;
  killAll: () => void;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Creates a tracker for one test file. */
export function createGroupTracker(): GroupTracker {
  const started: ChildProcess[] = [];
  const seenPids = new Set<number>();
  return {
    spawnGroup(script) {
      const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
      started.push(child);
      if (child.pid === undefined) throw new Error('spawn failed');
      return { pid: child.pid, child };
    },
    remember(pids) {
      for (const pid of pids) seenPids.add(pid);
    },
    killAll() {
      for (const child of started.splice(0)) {
        if (child.pid === undefined) continue;
        for (const pid of readProcessTreePids(child.pid)) seenPids.add(pid);
        killQuietly(-child.pid); // the whole group
      }
      for (const pid of seenPids) killQuietly(pid);
      seenPids.clear();
    },
  };
}

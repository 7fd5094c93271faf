/**
 * Signals and job control against real process groups: which signals end a run, Ctrl-Z suspension,
 * and that a resume (dashboard/API, or SIGCONT after Ctrl-Z) restarts the silence detectors' wait.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../src/adapters/process-alive.js';
import { applyCommand } from '../src/supervisor/apply-command.js';
import type { ChildSession } from '../src/supervisor/child-session.js';
import { createStopController } from '../src/supervisor/stop-controller.js';
import { createSuspension } from '../src/supervisor/suspension.js';
import type { CommandRecord } from '../src/contract/records.js';
import { createGroupTracker, waitUntil } from './process-groups.js';

const groups = createGroupTracker();
afterEach(() => {
  groups.killAll();
});

function state(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** A live process group (by default one `sleep`) as a child session; the stream and sampler parts are inert. */
function liveSession(script = 'exec sleep 30'): ChildSession {
  return sessionOf(groups.spawnGroup(script).pid);
}

function sessionOf(pid: number): ChildSession {
  return {
    pid,
    pgid: pid,
    startedAtMs: 0,
    exited: new Promise(() => undefined),
    hasExited: () => false,
    sample: (atMs) => ({ atMs, cpuPercent: null, rssBytes: null, processCount: null, zombieCount: null }),
    memberPids: () => [pid],
    drain: () => ({ bytes: 0, lines: 0, carriageReturns: 0, sampled: [] }),
    flushPending: () => undefined,
    closeStream: () => undefined,
  };
}

describe('signals passed on to the job', () => {
  it('ends a restart backoff on INT, TERM, HUP or QUIT but not on USR1, USR2 or WINCH', async () => {
    const stop = createStopController({ graceMs: 100, log: () => undefined, clock: () => 0 });
    for (const signal of ['SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const) {
      const waited = stop.backoff(30);
      stop.forwardSignal(null, signal);
      expect(await waited).toBeNull(); // the backoff ran out: no stop
    }
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
      const waited = stop.backoff(10_000);
      stop.forwardSignal(null, signal);
      expect(await waited).toMatchObject({ reason: 'user-stop', then: 'end' });
    }
  });

  it('never counts WINCH (or USR1, USR2) towards the repeated-signal stop of the whole tree', async () => {
    const stop = createStopController({ graceMs: 100, log: () => undefined, clock: () => 0 });
    const session = liveSession();
    for (let i = 0; i < 5; i++) stop.forwardSignal(session, 'SIGWINCH');
    expect(stop.isStopping()).toBe(false);
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'S',
    );
  });
});

describe('repeated ending signals', () => {
  it('stop the whole tree only when three arrive within the window, not three reloads spread over time', async () => {
    let now = 0;
    const stop = createStopController({ graceMs: 100, log: () => undefined, clock: () => now });
    // A group whose processes ignore SIGHUP (an ignored signal stays ignored across exec).
    const session = liveSession("trap '' HUP; exec sleep 30");
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'S',
    );
    for (const at of [0, 20_000, 40_000]) {
      now = at;
      stop.forwardSignal(session, 'SIGHUP');
    }
    expect(stop.isStopping()).toBe(false);
    for (const at of [41_000, 42_000]) {
      now = at;
      stop.forwardSignal(session, 'SIGHUP');
    }
    expect(stop.isStopping()).toBe(true);
    await waitUntil(
      () => isProcessAlive(session.pid),
      (isAlive) => !isAlive,
    );
  });
});

describe('USR1 and USR2', () => {
  it('reach the job’s main process only, as `kill -USR1 <pid>` would without FlowForge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ff-usr1-'));
    const helperPidFile = join(dir, 'helper.pid');
    const gotFile = join(dir, 'got');
    const { pid } = groups.spawnGroup(
      `trap 'echo got > ${gotFile}' USR1; sleep 30 & echo $! > ${helperPidFile}; while :; do wait; done`,
    );
    await waitUntil(
      () => existsSync(helperPidFile) && readFileSync(helperPidFile, 'utf8').endsWith('\n'),
      (ready) => ready,
    );
    const helperPid = Number(readFileSync(helperPidFile, 'utf8').trim());
    const session = sessionOf(pid);
    const stop = createStopController({ graceMs: 100, log: () => undefined, clock: () => 0 });
    stop.forwardSignal(session, 'SIGUSR1');
    await waitUntil(
      () => existsSync(gotFile),
      (got) => got,
    );
    expect(isProcessAlive(helperPid)).toBe(true); // without a handler, USR1 would have ended it
  });
});

describe('Ctrl-Z and resume', () => {
  it('stops and continues the job group with us, records both, and leaves a paused job to its pause', async () => {
    const session = liveSession();
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'S',
    );
    let paused = false;
    const recorded: string[] = [];
    const resumed: [number, string][] = [];
    const suspension = createSuspension({
      session: () => session,
      isPaused: () => paused,
      recorder: {
        update: (update) => recorded.push(`status ${update.status ?? ''}`),
        event: (type) => recorded.push(type),
      },
      clock: () => 5000,
      markResumed: (atMs, reason) => resumed.push([atMs, reason]),
    });
    suspension.suspend();
    expect(suspension.isSuspended()).toBe(true);
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'T',
    );
    suspension.resume();
    expect(suspension.isSuspended()).toBe(false);
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'S',
    );
    expect(recorded).toEqual(['status paused', 'action.paused']);
    expect(resumed).toEqual([[5000, 'continued with FlowForge (SIGCONT)']]);
    // Paused by policy or the dashboard: Ctrl-Z and SIGCONT leave the child to that pause.
    paused = true;
    process.kill(-session.pgid, 'SIGSTOP');
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'T',
    );
    suspension.suspend();
    suspension.resume();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state(session.pid)).toBe('T');
    expect(resumed).toHaveLength(1);
  });

  it('marks a paused job resumed (which restarts the engine’s silence waits) when the dashboard or API resumes it', async () => {
    const session = liveSession();
    const stop = createStopController({ graceMs: 100, log: () => undefined, clock: () => 0 });
    stop.pause(session, 'for review', 1000);
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'T',
    );
    const resumed: [number, string][] = [];
    const command: CommandRecord = {
      id: 1,
      runId: 'r',
      kind: 'resume',
      reason: 'looked fine',
      requestedBy: 'dashboard',
      requestId: 'q1',
      createdAtMs: 0,
      state: 'pending',
      ackedAtMs: null,
      result: null,
    };
    const result = applyCommand(command, {
      session,
      stop,
      recorder: { update: () => undefined, event: () => undefined },
      markResumed: (atMs, reason) => resumed.push([atMs, reason]),
      atMs: 600_000,
    });
    expect(result).toBe('resumed');
    expect(resumed).toEqual([[600_000, 'resumed by dashboard: looked fine']]);
    await waitUntil(
      () => state(session.pid),
      (s) => s === 'S',
    );
  });
});

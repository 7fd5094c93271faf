/** Pause-and-ask: pause and resume through the daemon's API, the pause timeout fallback, shadow mode. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonHandle } from '@flowforge/daemon/server';
import { startTestDaemon } from './test-daemon.js';
import type { RunRecord } from '@flowforge/daemon/contract';
import { FIXTURES, killGroup, makeTempDir, startCli, waitFor, type RunningCli } from './harness.js';
import { eventsOf, readSummary, withStore } from './protocol-helpers.js';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let daemon: DaemonHandle;
let key: string;
const clis: RunningCli[] = [];
const groups: number[] = [];

beforeAll(async () => {
  tmp = makeTempDir();
  ({ daemon, key, db } = await startTestDaemon(tmp.dir));
});

afterAll(async () => {
  for (const pgid of groups) killGroup(pgid);
  for (const cli of clis) cli.kill('SIGKILL');
  await daemon.close();
  tmp.cleanup();
});

/** One-letter state of a process (R, S, T, Z…) or null when it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null; // the process is gone
  }
}

function activeRun(): RunRecord | null {
  return withStore(db, (store) => store.listRuns({ status: 'active', limit: 1 })[0] ?? null);
}

async function post(
  kind: 'pause' | 'resume' | 'kill',
  runId: string,
): Promise<{ command: { state: string; result: string | null } }> {
  const response = await fetch(`${daemon.url}/v1/process/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ run_id: runId, reason: `test ${kind}` }),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { command: { state: string; result: string | null } };
}

/** Waits for the newest active run to have a child; returns the run id and the child pid (its process group). */
async function waitForRun(): Promise<{ id: string; childPid: number }> {
  await waitFor(() => typeof activeRun()?.childPid === 'number', 'the run to start');
  const run = activeRun();
  if (run?.childPid == null) throw new Error('the run has no child');
  groups.push(run.childPid);
  return { id: run.id, childPid: run.childPid };
}

function start(args: string[]): RunningCli {
  const cli = startCli(['run', '--quiet', '--db', db, ...args]);
  clis.push(cli);
  return cli;
}

describe('pause and resume', () => {
  it('stops the job with SIGSTOP on POST /v1/process/pause, continues it on resume, and audits both', async () => {
    const cli = start(['--', 'python3', '-c', 'import time\nwhile True: time.sleep(0.05)']);
    const { id, childPid } = await waitForRun();
    expect((await post('pause', id)).command).toMatchObject({ state: 'acked', result: 'paused' });
    await waitFor(() => processState(childPid) === 'T', 'the child to be stopped');
    expect(withStore(db, (store) => store.getRun(id)?.status)).toBe('paused');
    expect((await post('resume', id)).command).toMatchObject({ state: 'acked', result: 'resumed' });
    await waitFor(() => processState(childPid) !== 'T', 'the child to continue');
    expect(withStore(db, (store) => store.getRun(id)?.status)).toBe('running');
    expect(eventsOf(db, id, ['action.resumed'])).toHaveLength(1);
    await post('kill', id);
    expect((await cli.result).code).toBe(122);
    const audit = withStore(db, (store) => store.listAudit({ runId: id, limit: 10 })).map((a) => a.action);
    expect(audit.reverse()).toEqual(['process.pause', 'process.resume', 'process.kill']);
  });

  it('pauses on a breach with --on-breach pause and applies the fallback when nobody answers', async () => {
    const config = path.join(tmp.dir, 'pause.yaml');
    writeFileSync(config, 'pause:\n  timeout: 1s\n  fallback: kill\n');
    const summaryFile = path.join(tmp.dir, 'pause.json');
    const cli = start([
      '--config',
      config,
      '--on-breach',
      'pause',
      '--heartbeat-timeout',
      '1s',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      path.join(FIXTURES, 'heartbeat_then_hang.py'),
      '--beats-for',
      '1',
      '--duration',
      '30',
    ]);
    const { childPid } = await waitForRun();
    await waitFor(() => processState(childPid) === 'T', 'the breach to pause the child', 20_000);
    const result = await cli.result;
    expect(result.code).toBe(125);
    const summary = readSummary(summaryFile);
    expect(summary.termination_reason).toBe('policy-kill');
    const decided = eventsOf(db, summary.run_id, ['policy.decided']).map((e) => [e.data.intended, e.data.taken]);
    expect(decided).toContainEqual(['pause', 'pause']);
  });

  it('only logs the pause in shadow mode', async () => {
    const summaryFile = path.join(tmp.dir, 'shadow.json');
    const cli = start([
      '--shadow-mode',
      '--on-breach',
      'pause',
      '--heartbeat-timeout',
      '1s',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      path.join(FIXTURES, 'heartbeat_then_hang.py'),
      '--beats-for',
      '1',
      '--duration',
      '3',
    ]);
    const { childPid } = await waitForRun();
    const states: (string | null)[] = [];
    const done = cli.result.then((r) => r);
    let finished = false;
    void done.then(() => (finished = true));
    await waitFor(() => {
      states.push(processState(childPid));
      return finished;
    }, 'the job to finish on its own');
    expect(states).not.toContain('T');
    expect((await done).code).toBe(0);
    const decided = eventsOf(db, readSummary(summaryFile).run_id, ['policy.decided']).map((e) => [
      e.data.intended,
      e.data.taken,
    ]);
    expect(decided).toContainEqual(['pause', 'log_only']);
  });
});

/**
 * The daemon controls a real `flowforge run` in another process: its events arrive live over SSE,
 * a kill through the API stops its whole tree with an audit row, and a run whose owner is killed
 * with SIGKILL is found and stopped.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonHandle } from '@flowforge/daemon/server';
import { startTestDaemon } from './test-daemon.js';
import type { RunRecord } from '@flowforge/daemon/contract';
import { FIXTURES, killGroup, livePidsInGroup, makeTempDir, startCli, waitFor, type RunningCli } from './harness.js';
import { withStore } from './protocol-helpers.js';

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let daemon: DaemonHandle;
let key: string;
const clis: RunningCli[] = [];
const groups: number[] = [];

beforeAll(async () => {
  tmp = makeTempDir();
  ({ daemon, key, db } = await startTestDaemon(tmp.dir, { intervalMs: 250, staleAfterMs: 1500, graceMs: 1000 }));
});

afterAll(async () => {
  for (const pgid of groups) killGroup(pgid);
  for (const cli of clis) cli.kill('SIGKILL');
  await daemon.close();
  tmp.cleanup();
});

function runOf(cli: RunningCli): RunRecord | null {
  return withStore(db, (store) => store.listRuns({ limit: 50 }).find((r) => r.ownerPid === cli.pid) ?? null);
}

async function waitForChild(cli: RunningCli): Promise<RunRecord & { childPid: number }> {
  let run: RunRecord | null = null;
  await waitFor(() => {
    run = runOf(cli);
    return run?.childPid != null;
  }, 'the run to start its child');
  const found = run as unknown as RunRecord & { childPid: number };
  groups.push(found.childPid);
  return found;
}

interface StreamFrame {
  id: string;
  type: string;
  runId: string | null;
}

/** Reads SSE frames from /v1/stream until predicate matches one; returns the frames read. */
async function readStreamUntil(predicate: (frame: StreamFrame) => boolean, timeoutMs: number): Promise<StreamFrame[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  const frames: StreamFrame[] = [];
  try {
    // last_event_id=0 replays the log from its start, then the stream goes live.
    const response = await fetch(`${daemon.url}/v1/stream?last_event_id=0`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const next = (await reader.read()) as { value?: Uint8Array; done: boolean };
      if (next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const field = (name: string) =>
          block
            .split('\n')
            .filter((l) => l.startsWith(`${name}:`))
            .map((l) => l.slice(name.length + 1).trim())
            .join('\n');
        const data = field('data');
        if (data === '') continue;
        const event = JSON.parse(data) as { type: string; runId: string | null };
        const frame = { id: field('id'), type: event.type, runId: event.runId };
        frames.push(frame);
        if (predicate(frame)) return frames;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  throw new Error(`the stream ended before the expected event (${frames.length} frames read)`);
}

describe('the daemon and a flowforge run in another process', () => {
  it('streams the run live over SSE, kills its whole tree through the API and audits who asked', async () => {
    const cli = startCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--',
      'sh',
      '-c',
      `python3 ${path.join(FIXTURES, 'polite_poller.py')} --interval 0.2 --polls 300 & wait`,
    ]);
    clis.push(cli);
    const run = await waitForChild(cli);
    const frames = await readStreamUntil((f) => f.type === 'run.sample' && f.runId === run.id, 10_000);
    expect(frames.some((f) => f.type === 'run.started' && f.runId === run.id)).toBe(true);
    const ids = frames.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const response = await fetch(`${daemon.url}/v1/process/kill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': 'test-kill-1' },
      body: JSON.stringify({ run_id: run.id, reason: 'e2e kill' }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { command: { state: string } };
    expect(body.command.state).toBe('acked');

    const result = await cli.result;
    expect(result.code).toBe(122);
    expect(livePidsInGroup(run.childPid)).toEqual([]);
    const audit = withStore(db, (store) => store.listAudit({ runId: run.id, limit: 10 }));
    expect(audit.find((a) => a.action === 'process.kill')).toMatchObject({ requestId: 'test-kill-1' });
    expect(withStore(db, (store) => store.getRun(run.id))?.terminationReason).toBe('user-stop');
  });

  it('stops the tree of a run whose flowforge process was killed with SIGKILL and marks it owner-lost', async () => {
    const cli = startCli(['run', '--quiet', '--db', db, '--', 'python3', path.join(FIXTURES, 'silent_hang.py')]);
    clis.push(cli);
    const run = await waitForChild(cli);
    cli.kill('SIGKILL');
    await waitFor(
      () => withStore(db, (store) => store.getRun(run.id))?.status === 'owner-lost',
      'the run to be owner-lost',
      10_000,
    );
    await waitFor(() => livePidsInGroup(run.childPid).length === 0, 'the orphaned tree to be stopped', 10_000);
    const events = withStore(db, (store) => store.listTimeline({ runId: run.id, limit: 100 })).map((e) => e.type);
    expect(events).toContain('owner.lost');
  });

  it('re-runs a recorded command as a run the daemon owns and supervises', async () => {
    const response = await fetch(`${daemon.url}/v1/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        command: ['python3', path.join(FIXTURES, 'infinite_looper.py')],
        cwd: tmp.dir,
        name: 'rerun-e2e',
      }),
    });
    expect(response.status).toBeLessThan(300);
    const { runId } = (await response.json()) as { runId: string };
    await waitFor(
      () => withStore(db, (store) => store.getRun(runId))?.status === 'killed',
      'the daemon-owned runaway to be killed',
      20_000,
    );
    const run = withStore(db, (store) => store.getRun(runId));
    expect(run).toMatchObject({
      ownerKind: 'daemon',
      ownerPid: process.pid,
      terminationReason: 'policy-kill',
      name: 'rerun-e2e',
    });
    expect(run?.childPid).toEqual(expect.any(Number));
    expect(livePidsInGroup(run?.childPid ?? 0)).toEqual([]);
  });
});

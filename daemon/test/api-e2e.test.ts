import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResponse, RunDetailResponse } from '../src/contract/api.js';
import type { DaemonHandle } from '../src/daemon/start-daemon.js';
import { startDaemon } from '../src/daemon/start-daemon.js';
import { silentLogger } from '../src/daemon/logger.js';
import { makeTempDir } from './api-helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const temp = makeTempDir();
const dbPath = join(temp.dir, 'ff.db');
const simPath = join(temp.dir, 'owner-sim.cjs');
const started: ChildProcess[] = [];
const groups: number[] = [];
let daemon: DaemonHandle;
let key: string;

/** Live members of process group pgid (zombies count as gone). */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[0] !== 'Z' && Number(fields[2]) === pgid;
      } catch {
        // The process ended between readdir and read.
        return false;
      }
    })
    .map(Number);
}

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts the owner simulator and resolves with its child's pgid once the run row exists. */
async function startOwner(runId: string): Promise<{ owner: ChildProcess; pgid: number }> {
  const owner = spawn(process.execPath, [simPath], {
    env: { ...process.env, FF_DB: dbPath, FF_RUN_ID: runId, NODE_PATH: join(here, '..', '..', 'node_modules') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(owner);
  let out = '';
  owner.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const pgid = await until(() => Number(/READY (\d+)/.exec(out)?.[1] ?? 0) || null, 'the owner to be ready');
  groups.push(pgid);
  return { owner, pgid };
}

const api = (
  path: string,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
): Promise<Response> =>
  fetch(`${daemon.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
  });

beforeAll(async () => {
  buildSync({
    entryPoints: [join(here, 'api-owner-sim.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: simPath,
    logLevel: 'silent',
  });
  daemon = await startDaemon({
    env: { FLOWFORGE_DB: dbPath, FLOWFORGE_ENV_FILE: join(temp.dir, '.flowforge.env'), HOME: temp.dir },
    host: '127.0.0.1',
    port: 0,
    pidFile: join(temp.dir, 'daemon.pid'),
    logger: silentLogger,
    reaper: { intervalMs: 100, staleAfterMs: 600, graceMs: 500 },
  });
  key = /FLOWFORGE_API_KEY=(\S+)/.exec(readFileSync(join(temp.dir, '.flowforge.env'), 'utf8'))?.[1] ?? '';
});

afterAll(async () => {
  for (const child of started) child.kill('SIGKILL');
  for (const pgid of groups) for (const pid of groupMembers(pgid)) process.kill(pid, 'SIGKILL');
  await daemon.close();
  temp.remove();
});

describe('the daemon on a real socket', () => {
  it('streams events live over SSE and kills a run of another process through the API, audited', async () => {
    const controller = new AbortController();
    const stream = await api('/v1/stream', { signal: controller.signal });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const pump = (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (chunk.done) return;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    const { pgid } = await startOwner('e2e-kill');
    await until(() => text.includes('"type":"run.started","runId":"e2e-kill"'), 'run.started over SSE');
    expect(groupMembers(pgid).length).toBeGreaterThan(0);

    const response = await api('/v1/process/kill', {
      method: 'POST',
      body: JSON.stringify({ run_id: 'e2e-kill', reason: 'e2e' }),
      headers: { 'X-Request-Id': 'e2e-kill-1' },
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as CommandResponse).command.state).toBe('acked');
    await until(() => groupMembers(pgid).length === 0, 'the process group to be gone');
    await until(() => text.includes('"type":"action.killed"'), 'action.killed over SSE');
    const detail = (await (await api('/v1/runs/e2e-kill')).json()) as RunDetailResponse;
    expect(detail.audit.find((row) => row.action === 'process.kill')).toMatchObject({ requestId: 'e2e-kill-1' });
    controller.abort();
    await pump;
  });

  it('stops the process group of a run whose owner was killed with SIGKILL and marks it owner-lost', async () => {
    const { owner, pgid } = await startOwner('e2e-lost');
    owner.kill('SIGKILL');
    await until(() => groupMembers(pgid).length === 0, 'the orphaned group to be stopped');
    const detail = (await (await api('/v1/runs/e2e-lost')).json()) as RunDetailResponse;
    expect(detail.run).toMatchObject({ status: 'owner-lost', terminationReason: 'owner-lost' });
  });

  it('survives malformed HTTP on the raw socket and keeps answering', async () => {
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: \u0000\r\n\r\n',
      'GET /v1/runs HTTP/1.1\r\nHost: evil.example\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\n\r\n`,
    ];
    for (const payload of garbage) {
      await new Promise<void>((resolve) => {
        const socket = connect(daemon.port, '127.0.0.1', () => socket.end(payload));
        socket.on('data', () => undefined);
        socket.on('close', () => {
          resolve();
        });
        socket.on('error', () => {
          resolve();
        });
      });
    }
    expect((await fetch(`${daemon.url}/v1/healthz`)).status).toBe(200);
  });

  it('refuses a second daemon on the same pid file', async () => {
    await expect(
      startDaemon({
        env: { FLOWFORGE_DB: dbPath, FLOWFORGE_ENV_FILE: join(temp.dir, '.flowforge.env') },
        port: 0,
        pidFile: join(temp.dir, 'daemon.pid'),
        logger: silentLogger,
      }),
    ).rejects.toMatchObject({ code: 'DAEMON_ALREADY_RUNNING' });
  });
});

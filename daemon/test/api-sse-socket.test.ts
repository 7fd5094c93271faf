/** The SSE stream on a real socket: bursts, slow clients, HEAD and shutdown. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../src/api/deps.js';
import { silentLogger } from '../src/daemon/logger.js';
import { serveApp } from '../src/daemon/serve-app.js';
import { startDaemon } from '../src/daemon/start-daemon.js';
import { AUTH, makeTempDir, makeTestApp, newRun, TEST_KEY } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A test app served on 127.0.0.1:0. */
async function serve(overrides: Partial<ApiDeps> = {}): Promise<{ app: TestApp; url: string; server: Server }> {
  const app = makeTestApp(overrides);
  const { server, port } = await serveApp(app.app.fetch, '127.0.0.1', 0);
  cleanups.push(() => {
    app.close();
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  return { app, url: `http://127.0.0.1:${port}`, server };
}

async function until(probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
  // A hang guard only: the tests wait on conditions, never on fixed delays.
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sseClients = async (url: string): Promise<number> =>
  Number(
    /^flowforge_sse_clients (\d+)$/m.exec(await (await fetch(`${url}/v1/metrics`, { headers: AUTH })).text())?.[1],
  );

/** A client reading a stream as fast as it can; ids collects every event id in arrival order. */
function readStream(response: Response): { ids: number[]; text: () => string; done: Promise<void> } {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const ids: number[] = [];
  let buffer = '';
  let all = '';
  const done = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      const text = decoder.decode(chunk.value, { stream: true });
      if (all.length < 4096) all += text;
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const id = /^id: (\d+)$/m.exec(buffer.slice(0, end))?.[1];
        if (id !== undefined) ids.push(Number(id));
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  cleanups.push(async () => {
    await reader.cancel().catch(() => undefined);
    await done;
  });
  return { ids, text: () => all, done };
}

/** A client that stops reading once the response starts; readRest() resumes it and reads to the end. */
async function openStalledClient(url: string): Promise<{ readRest: () => Promise<string> }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = get(`${url}/v1/stream`, { headers: AUTH }, resolve);
    request.on('error', reject);
  });
  response.pause();
  cleanups.push(() => {
    response.destroy();
  });
  return {
    readRest: () =>
      new Promise<string>((resolve) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('error', () => undefined);
        response.once('close', () => {
          resolve(text);
        });
        response.resume();
      }),
  };
}

const idsIn = (text: string): number[] =>
  text
    .split('\n\n')
    .slice(0, -1)
    .flatMap((frame) => /^id: (\d+)$/m.exec(frame)?.[1] ?? [])
    .map(Number);

const burst = (app: TestApp, count: number, payload = ''): number[] => {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push(
      app.store.appendEvent({
        atMs: app.now.ms,
        type: 'protocol.notice',
        runId: 'r1',
        incidentId: null,
        data: { i, payload },
      }),
    );
  return ids;
};

describe('GET /v1/stream on a real socket', () => {
  it('delivers every event of a 2500-event burst to a fast client, in order and without a gap', async () => {
    const { app, url } = await serve();
    app.store.createRun(newRun('r1'), app.now.ms);
    app.hub.tick();
    const client = readStream(await fetch(`${url}/v1/stream`, { headers: AUTH }));
    await until(() => client.text().includes(': connected'), 'the stream to open');
    const ids = burst(app, 2500);
    // One synchronous pass over the whole burst, as the poller makes after a spool fold.
    app.hub.tick();
    await until(() => client.ids.length >= 2500, 'all 2500 events');
    expect(client.ids).toEqual(ids);
    expect(await sseClients(url)).toBe(1);
  });

  it('drops a client that stops reading while a fast client gets every event, and the dropped one resumes losslessly', async () => {
    const { app, url } = await serve({ sse: { heartbeatMs: 200, maxQueuedEvents: 100 } });
    app.store.createRun(newRun('r1'), app.now.ms);
    app.hub.tick();
    const fast = readStream(await fetch(`${url}/v1/stream`, { headers: AUTH }));
    const stalled = await openStalledClient(url);
    await until(async () => (await sseClients(url)) === 2, 'both clients to be streaming');
    // 3000 events of 4 KiB: far more than the socket buffers of a client that reads nothing.
    const ids = burst(app, 3000, 'x'.repeat(4096));
    app.hub.tick();
    await until(() => fast.ids.length >= 3000, 'the fast client to get the burst');
    expect(fast.ids).toEqual(ids);
    await until(async () => (await sseClients(url)) === 1, 'the stalled client to be dropped');

    const received = idsIn(await stalled.readRest());
    expect(received.length).toBeLessThan(ids.length);
    expect(received).toEqual(ids.slice(0, received.length));
    const lastId = received.at(-1) ?? (ids[0] ?? 1) - 1;
    const resumed = readStream(
      await fetch(`${url}/v1/stream`, { headers: { ...AUTH, 'Last-Event-ID': String(lastId) } }),
    );
    await until(() => resumed.ids.at(-1) === ids.at(-1), 'the resumed client to catch up');
    expect([...received, ...resumed.ids]).toEqual(ids);
  });

  it('answers HEAD with the stream headers and no body, and registers no client', async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/v1/stream`, { method: 'HEAD', headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe('');
    expect(await sseClients(url)).toBe(0);
  });

  it('ends every stream, including one stuck on an unread socket, when the hub closes', async () => {
    const { app, url } = await serve({ sse: { heartbeatMs: 20, maxQueuedEvents: 1_000_000 } });
    app.store.createRun(newRun('r1'), app.now.ms);
    app.hub.tick();
    const reading = readStream(await fetch(`${url}/v1/stream`, { headers: AUTH }));
    await openStalledClient(url);
    await until(async () => (await sseClients(url)) === 2, 'both clients to be streaming');
    burst(app, 2000, 'x'.repeat(4096));
    app.hub.tick();
    app.hub.close();
    await reading.done;
    await until(async () => (await sseClients(url)) === 0, 'every stream to end');
  });
});

describe('daemon shutdown with open streams', () => {
  it('completes close() with a GET stream open and after a HEAD of the stream', async () => {
    const temp = makeTempDir();
    cleanups.push(() => {
      temp.remove();
    });
    const daemon = await startDaemon({
      env: { FLOWFORGE_DB: join(temp.dir, 'ff.db'), FLOWFORGE_API_KEY: TEST_KEY, HOME: temp.dir },
      host: '127.0.0.1',
      port: 0,
      pidFile: false,
      logger: silentLogger,
      api: { sse: { heartbeatMs: 20 } },
    });
    cleanups.push(() => daemon.close());
    expect((await fetch(`${daemon.url}/v1/stream`, { method: 'HEAD', headers: AUTH })).status).toBe(200);
    const client = readStream(await fetch(`${daemon.url}/v1/stream`, { headers: AUTH }));
    await until(() => client.text().split(': ping').length > 2, 'two heartbeats');
    await daemon.close();
    await client.done;
  });

  it('exits on SIGTERM once a HEAD of the stream is older than the heartbeat', async () => {
    const temp = makeTempDir();
    cleanups.push(() => {
      temp.remove();
    });
    const runner = join(temp.dir, 'runner.cjs');
    buildSync({
      entryPoints: [join(here, 'sse-daemon-runner.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      outfile: runner,
      logLevel: 'silent',
    });
    const child: ChildProcess = spawn(process.execPath, [runner], {
      cwd: join(here, '..'),
      env: {
        ...process.env,
        FLOWFORGE_DB: join(temp.dir, 'ff.db'),
        FLOWFORGE_API_KEY: TEST_KEY,
        HOME: temp.dir,
        NODE_PATH: join(here, '..', '..', 'node_modules'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until(() => /READY (\S+)/.test(out), 'the daemon to listen');
    const url = /READY (\S+)/.exec(out)?.[1] ?? '';
    expect((await fetch(`${url}/v1/stream`, { method: 'HEAD', headers: AUTH })).status).toBe(200);
    const client = readStream(await fetch(`${url}/v1/stream`, { headers: AUTH }));
    await until(() => client.text().split(': ping').length > 2, 'two heartbeats');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('STOPPED');
  });
});

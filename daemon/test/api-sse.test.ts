import { afterEach, describe, expect, it } from 'vitest';
import { AUTH, makeTestApp, newRun } from './api-helpers.js';
import type { TestApp } from './api-helpers.js';

let app: TestApp;
afterEach(() => {
  app.close();
});

/** Reads SSE frames until count data frames arrived (or the stream ended); returns their ids and types. */
async function readFrames(response: Response, count: number): Promise<{ id: number; type: string }[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const frames: { id: number; type: string }[] = [];
  while (frames.length < count) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = text.indexOf('\n\n')) !== -1) {
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (id !== undefined && data !== undefined)
        frames.push({ id: Number(id), type: (JSON.parse(data) as { type: string }).type });
    }
  }
  await reader.cancel();
  return frames;
}

const note = (target: TestApp, i: number): number =>
  target.store.appendEvent({
    atMs: target.now.ms,
    type: 'protocol.notice',
    runId: 'r1',
    incidentId: null,
    data: { i },
  });

describe('GET /v1/stream', () => {
  it('replays every event after Last-Event-ID, then continues live without gaps or duplicates', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    const firstId = note(app, 1);
    note(app, 2);
    const response = await app.request('/v1/stream', { headers: { ...AUTH, 'Last-Event-ID': String(firstId) } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reading = readFrames(response, 2);
    note(app, 3);
    app.hub.tick();
    const frames = await reading;
    expect(frames.map((frame) => frame.id)).toEqual([firstId + 1, firstId + 2]);
  });

  it('filters by run and type', async () => {
    app = makeTestApp();
    app.store.createRun(newRun('r1'), app.now.ms);
    app.store.createRun(newRun('r2'), app.now.ms);
    app.store.appendEvent({ atMs: 1, type: 'protocol.notice', runId: 'r2', incidentId: null, data: {} });
    const wanted = note(app, 1);
    const response = await app.request('/v1/stream?run_id=r1&types=protocol.notice&last_event_id=0', { headers: AUTH });
    expect(await readFrames(response, 1)).toEqual([{ id: wanted, type: 'protocol.notice' }]);
  });

  it('rejects a malformed Last-Event-ID with 400', async () => {
    app = makeTestApp();
    const response = await app.request('/v1/stream', { headers: { ...AUTH, 'Last-Event-ID': 'abc' } });
    expect(response.status).toBe(400);
  });

  it('drops a client that stops reading while it is far behind the log, and frees its stream', async () => {
    app = makeTestApp({ sse: { maxQueuedEvents: 5, heartbeatMs: 5 } });
    app.store.createRun(newRun('r1'), app.now.ms);
    const response = await app.request('/v1/stream', { headers: AUTH });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes(': ping')) seen += new TextDecoder().decode((await reader.read()).value);
    // 400 events of 1 KiB: several writes' worth, so one stays in flight while the reader is away.
    for (let i = 0; i < 400; i += 1)
      app.store.appendEvent({
        atMs: 1,
        type: 'protocol.notice',
        runId: 'r1',
        incidentId: null,
        data: { pad: 'x'.repeat(1024) },
      });
    app.hub.tick();
    const gauge = async (): Promise<string | undefined> =>
      /^flowforge_sse_clients (\d+)$/m.exec(await (await app.request('/metrics', { headers: AUTH })).text())?.[1];
    while ((await gauge()) !== '0') await new Promise((resolve) => setTimeout(resolve, 5));
    let bytes = 0;
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
    }
    expect(bytes).toBeLessThan(400 * 1024);
  });

  it('sends heartbeat comments while idle', async () => {
    app = makeTestApp({ sse: { heartbeatMs: 10 } });
    const response = await app.request('/v1/stream', { headers: AUTH });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': ping')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    await reader.cancel();
    expect(text).toContain(': ping');
  });

  it('ends every stream when the app closes', async () => {
    app = makeTestApp();
    const response = await app.request('/v1/stream', { headers: AUTH });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    app.hub.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});

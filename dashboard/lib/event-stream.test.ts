import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEventStream, type LiveEvent, type StreamState } from './event-stream';

/** A fake fetch answering each call with the next scripted response; records the headers sent. */
function scriptedFetch(responses: (() => Response)[]) {
  const sent: Record<string, string>[] = [];
  const fetchImpl: typeof fetch = (_url, init) => {
    sent.push(Object.fromEntries(new Headers(init?.headers).entries()));
    const next = responses.shift();
    return next === undefined ? new Promise(() => undefined) : Promise.resolve(next());
  };
  return { sent, fetchImpl };
}

const sse = (text: string): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );

const problem = (status: number, code: string): Response =>
  Response.json({ status, code, detail: code }, { status, headers: { 'content-type': 'application/problem+json' } });

const frame = (id: number, type: string): string =>
  `data: ${JSON.stringify({ id, atMs: id, type, runId: 'r', incidentId: null, data: {} })}\nid: ${String(id)}\n\n`;

describe('startEventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers events and resumes with Last-Event-ID after the daemon went away', async () => {
    const { sent, fetchImpl } = scriptedFetch([
      () => sse(`: connected\nretry: 2000\n\n${frame(41, 'run.sample')}${frame(42, 'run.output')}`),
      () => problem(502, 'DAEMON_UNREACHABLE'),
      () => sse(frame(43, 'run.ended')),
    ]);
    const events: LiveEvent[] = [];
    const states: StreamState[] = [];
    const handle = startEventStream({
      url: '/s',
      fetchImpl,
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
    });
    await vi.advanceTimersByTimeAsync(2_000); // the server's retry after the clean end
    await vi.advanceTimersByTimeAsync(1_000); // backoff after the 502 (second attempt: 2 × 500 ms)
    handle.stop();
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [41, 'run.sample'],
      [42, 'run.output'],
      [43, 'run.ended'],
    ]);
    expect(sent.map((h) => h['last-event-id'] ?? null)).toEqual([null, '42', '42']);
    expect(states).toEqual(['connecting', 'live', 'connecting', 'down', 'live', 'connecting']);
  });

  it('reports a refused key and waits long before trying again', async () => {
    const { sent, fetchImpl } = scriptedFetch([() => problem(401, 'AUTH_INVALID'), () => sse('')]);
    const states: StreamState[] = [];
    const handle = startEventStream({
      url: '/s',
      fetchImpl,
      onEvent: () => undefined,
      onState: (s) => states.push(s),
      unauthorizedRetryMs: 60_000,
    });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toHaveLength(1);
    expect(states.at(-1)).toBe('unauthorized');
    handle.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    handle.stop();
  });
});

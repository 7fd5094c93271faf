/** GET /stream: the event log over SSE; the event id is the SSE id, so Last-Event-ID resumes losslessly. */
import { Hono } from 'hono';
import type { SSEStreamingApi } from 'hono/streaming';
import { streamSSE } from 'hono/streaming';
import type { StoreReader } from '../../adapters/store.js';
import { StreamQuery } from '../../contract/api.js';
import type { EventRecord } from '../../contract/records.js';
import type { AppEnv } from '../app-env.js';
import type { ApiMetrics } from '../metrics.js';
import type { EventHub } from '../event-hub.js';
import type { Logger } from '../deps.js';
import { problem } from '../problem.js';
import { parseQuery } from '../validate.js';

/** Options of the stream route. */
export interface StreamRouteOptions {
  store: Pick<StoreReader, 'eventsAfter'>;
  hub: EventHub;
  metrics: ApiMetrics;
  logger: Logger;
  heartbeatMs: number;
  /**
   * How far (in event ids) behind the log a client may be while its connection accepts nothing for a
   * whole heartbeat interval before it is disconnected. Clients hold a cursor, not a queue, so this
   * bounds nothing in memory; it only decides when a stalled connection is given up.
   */
  maxQueuedEvents: number;
}

/** Events read per page, from the hub's window or (when further behind) from the store. */
const PAGE_EVENTS = 500;
/** Frames are joined into writes of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/** Mounts GET /stream (HEAD answers the headers only and opens no stream). */
export function streamRoute(options: StreamRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/stream', (c) => {
    const query = parseQuery(c, StreamQuery);
    const header = c.req.header('last-event-id');
    if (header !== undefined && !/^\d{1,15}$/.test(header.trim())) {
      return problem(c, 'VALIDATION_FAILED', 'Last-Event-ID must be a non-negative integer event id.');
    }
    c.header('X-Accel-Buffering', 'no');
    if (c.req.method === 'HEAD') {
      // Hono serves HEAD through this GET handler and discards the body: a stream started here would
      // never be read or cancelled, so it would leak (and its heartbeat would keep the process alive).
      return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    }
    const fromId = header !== undefined ? Number(header.trim()) : (query.last_event_id ?? options.hub.cursor);
    const types = query.types ? new Set<string>(query.types) : null;
    const matches = (event: EventRecord): boolean =>
      (query.run_id === undefined || event.runId === query.run_id) && (types === null || types.has(event.type));
    const requestId = c.get('requestId');
    // Under @hono/node-server: the response, destroyed to drop a stalled client (its socket drains
    // nothing). Absent under app.request(), where c.env itself is undefined.
    const outgoing = (c.env as AppEnv['Bindings'] | undefined)?.outgoing;
    return streamSSE(c, (stream) =>
      pump(stream, { ...options, fromId, matches, requestId, destroy: () => outgoing?.destroy() }),
    );
  });
  return app;
}

interface PumpOptions extends StreamRouteOptions {
  fromId: number;
  matches: (event: EventRecord) => boolean;
  requestId: string;
  destroy: () => void;
}

const frame = (event: EventRecord): string => `data: ${JSON.stringify(event)}\nid: ${event.id}\n\n`;

/**
 * Writes every matching event after fromId, in id order, reading by cursor: from the hub's window of
 * recent events, or from the store when the client is further behind. Memory per client is one page,
 * however large a burst is or however slowly the client reads; the socket's backpressure paces it.
 */
async function pump(stream: SSEStreamingApi, options: PumpOptions): Promise<void> {
  let seen = options.fromId;
  // Mutated from callbacks, so kept in an object the loop re-reads.
  const state = { ended: false, heartbeatDue: false };
  // Read through a call: the flag changes while the loop awaits a write.
  const ended = (): boolean => state.ended;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  // Ends the loop, and a write stuck on an unread socket with it (abort rejects the pending write).
  const end = (): void => {
    state.ended = true;
    stream.abort();
    poke();
  };
  // Numbers of the write in flight (0: none) and of the one in flight at the previous heartbeat.
  let writeNo = 0;
  let inFlight = 0;
  let inFlightAtLastBeat = 0;
  const write = async (text: string): Promise<void> => {
    inFlight = ++writeNo;
    await stream.write(text);
    inFlight = 0;
  };
  const unsubscribe = options.hub.subscribe({ onEvent: poke, onClose: end });
  stream.onAbort(end);
  const heartbeat = setInterval(() => {
    // The same write still in flight a whole interval later: the connection accepts nothing.
    if (inFlight !== 0 && inFlight === inFlightAtLastBeat && options.hub.cursor - seen > options.maxQueuedEvents) {
      options.logger.warn('sse client too slow; dropped (it resumes with Last-Event-ID)', {
        requestId: options.requestId,
        lastSentId: seen,
      });
      options.destroy();
      end();
    }
    inFlightAtLastBeat = inFlight;
    state.heartbeatDue = true;
    poke();
  }, options.heartbeatMs);
  // A stream must never keep the process alive on its own (shutdown ends streams through the hub).
  heartbeat.unref();
  options.metrics.sseClients.inc();
  try {
    await write(': connected\nretry: 2000\n\n');
    while (!state.ended) {
      if (state.heartbeatDue) {
        state.heartbeatDue = false;
        await write(': ping\n\n');
        continue;
      }
      const page = options.hub.recentAfter(seen, PAGE_EVENTS) ?? options.store.eventsAfter(seen, PAGE_EVENTS);
      if (page.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      let chunk = '';
      let wrote = false;
      for (const event of page) {
        if (ended()) break;
        seen = event.id;
        if (options.matches(event)) chunk += frame(event);
        if (chunk.length >= CHUNK_CHARS) {
          await write(chunk);
          chunk = '';
          wrote = true;
        }
      }
      if (chunk !== '' && !ended()) await write(chunk);
      // A page with nothing for this client (a filtered replay): let the event loop breathe.
      else if (!wrote) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // A store error while paging: end the stream; the client resumes with Last-Event-ID.
    options.logger.warn('sse stream failed; closed (it resumes with Last-Event-ID)', {
      requestId: options.requestId,
      error: String(error),
    });
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    options.metrics.sseClients.dec();
  }
}

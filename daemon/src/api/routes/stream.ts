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
  maxQueuedEvents: number;
}

const CATCH_UP_BATCH = 500;

/** Mounts GET /stream. */
export function streamRoute(options: StreamRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/stream', (c) => {
    const query = parseQuery(c, StreamQuery);
    const header = c.req.header('last-event-id');
    if (header !== undefined && !/^\d{1,15}$/.test(header.trim())) {
      return problem(c, 'VALIDATION_FAILED', 'Last-Event-ID must be a non-negative integer event id.');
    }
    const fromId = header !== undefined ? Number(header.trim()) : (query.last_event_id ?? options.hub.cursor);
    const types = query.types ? new Set<string>(query.types) : null;
    const matches = (event: EventRecord): boolean =>
      (query.run_id === undefined || event.runId === query.run_id) && (types === null || types.has(event.type));
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, (stream) => pump(stream, { ...options, fromId, matches, requestId: c.get('requestId') }));
  });
  return app;
}

interface PumpOptions extends StreamRouteOptions {
  fromId: number;
  matches: (event: EventRecord) => boolean;
  requestId: string;
}

async function pump(stream: SSEStreamingApi, options: PumpOptions): Promise<void> {
  const queue: EventRecord[] = [];
  let seen = options.fromId;
  // Mutated from callbacks, so kept in an object the loops re-read.
  const state = { live: false, ended: false, overflowed: false, heartbeatDue: false };
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
  };
  const unsubscribe = options.hub.subscribe({
    onEvent(event) {
      if (!state.live || state.ended || event.id <= seen || !options.matches(event)) return;
      if (queue.length >= options.maxQueuedEvents) state.overflowed = true;
      else queue.push(event);
      poke();
    },
    onClose() {
      state.ended = true;
      poke();
    },
  });
  stream.onAbort(() => {
    state.ended = true;
    poke();
  });
  const heartbeat = setInterval(() => {
    state.heartbeatDue = true;
    poke();
  }, options.heartbeatMs);
  options.metrics.sseClients.inc();
  const send = (event: EventRecord): Promise<void> =>
    stream.writeSSE({ id: String(event.id), data: JSON.stringify(event) });
  try {
    await stream.write(': connected\nretry: 2000\n\n');
    while (!state.ended && !state.live) {
      const batch = options.store.eventsAfter(seen, CATCH_UP_BATCH);
      for (const event of batch) {
        seen = event.id;
        if (options.matches(event)) await send(event);
      }
      // Go live once caught up with the shared poller; later ids come through the hub.
      if (batch.length === 0 || (batch.length < CATCH_UP_BATCH && seen >= options.hub.cursor)) state.live = true;
    }
    while (!state.ended && !state.overflowed) {
      const event = queue.shift();
      if (event !== undefined) {
        if (event.id <= seen) continue;
        seen = event.id;
        await send(event);
      } else if (state.heartbeatDue) {
        state.heartbeatDue = false;
        await stream.write(': ping\n\n');
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    }
    if (state.overflowed) {
      options.logger.warn('sse client too slow; dropped (it resumes with Last-Event-ID)', {
        requestId: options.requestId,
        lastSentId: seen,
      });
    }
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    options.metrics.sseClients.dec();
  }
}

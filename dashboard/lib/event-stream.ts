/**
 * A fetch-based server-sent-events client (EventSource cannot go through our proxy's checks nor
 * report why it failed): it reads the stream, reconnects with backoff and resumes with Last-Event-ID.
 */
import { classifyFailure, readProblem } from './api-client';
import { createSseParser, type SseMessage } from './sse-parser';

/** The stream's connection as the UI shows it. */
export type StreamState = 'connecting' | 'live' | 'down' | 'unauthorized';

/** One event of the daemon's log as received over SSE. */
export interface LiveEvent {
  /** The event's id in the log (its SSE id), or null when the server sent none. */
  id: number | null;
  type: string;
  atMs: number | null;
  runId: string | null;
  incidentId: number | null;
  data: Record<string, unknown>;
}

/** Options of startEventStream; timers and fetch are injectable for tests. */
export interface EventStreamOptions {
  url: string;
  onEvent: (event: LiveEvent) => void;
  onState: (state: StreamState, detail: string | null) => void;
  lastEventId?: string | null;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Reconnect when nothing (not even a keep-alive comment) arrived for this long. */
  idleTimeoutMs?: number;
  /** How long to wait before retrying after 401/403/429 (default 60 s). */
  unauthorizedRetryMs?: number;
  fetchImpl?: typeof fetch;
}

/** A running stream; stop() ends it for good. */
export interface EventStreamHandle {
  stop(): void;
  /** Reconnects now instead of waiting for the next retry. */
  retryNow(): void;
  lastEventId(): string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Turns one SSE message into a LiveEvent; the data is a stored event record or a bare payload. */
export function toLiveEvent(message: SseMessage): LiveEvent {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(message.data);
  } catch {
    // a non-JSON payload is kept as text so nothing is lost
    parsed = { text: message.data };
  }
  const body = isRecord(parsed) ? parsed : { value: parsed };
  const nested = isRecord(body.data) ? body.data : null;
  const idText = message.id ?? (typeof body.id === 'number' ? String(body.id) : null);
  const id = idText !== null && /^\d+$/.test(idText) ? Number(idText) : null;
  return {
    id,
    type: typeof body.type === 'string' ? body.type : message.event,
    atMs: typeof body.atMs === 'number' ? body.atMs : null,
    runId: typeof body.runId === 'string' ? body.runId : null,
    incidentId: typeof body.incidentId === 'number' ? body.incidentId : null,
    data: nested ?? body,
  };
}

/** Starts reading the stream at url and keeps it open until stop() is called. */
export function startEventStream(options: EventStreamOptions): EventStreamHandle {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const minBackoffMs = options.minBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const unauthorizedRetryMs = options.unauthorizedRetryMs ?? 60_000;
  let lastId = options.lastEventId ?? null;
  const life = { stopped: false };
  /** Read through a call: stop() may flip it while connect() awaits. */
  const isStopped = (): boolean => life.stopped;
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  const armIdle = (): void => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller?.abort(), idleTimeoutMs);
  };

  const scheduleRetry = (serverRetryMs: number | null): void => {
    if (life.stopped) return;
    const backoff = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, serverRetryMs ?? backoff);
  };

  const readBody = async (body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<number | null> => {
    const parser = createSseParser((message) => {
      if (message.id !== null) lastId = message.id;
      options.onEvent(toLiveEvent(message));
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      armIdle();
      parser.push(decoder.decode(value, { stream: true }));
    }
    return parser.retryMs;
  };

  const connect = async (): Promise<void> => {
    if (life.stopped) return;
    controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastId !== null) headers['last-event-id'] = lastId;
    let serverRetryMs: number | null = null;
    try {
      const response = await fetchImpl(options.url, { headers, signal: controller.signal, cache: 'no-store' });
      if (!response.ok || response.body === null) {
        const problem = await readProblem(response);
        const kind = classifyFailure(response.status, problem.code);
        options.onState(kind === 'unauthorized' ? 'unauthorized' : 'down', problem.detail ?? problem.title ?? null);
        // a wrong key counts toward the daemon's lockout: retry slowly until someone fixes it
        if (kind === 'unauthorized') serverRetryMs = unauthorizedRetryMs;
      } else {
        attempt = 0;
        options.onState('live', null);
        armIdle();
        serverRetryMs = await readBody(response.body, controller.signal);
        // a clean end (server restart, idle reconnect) is not an outage until a reconnect fails
        if (!isStopped()) options.onState('connecting', null);
      }
    } catch (error) {
      if (isStopped()) return;
      const idle = controller.signal.aborted;
      options.onState(idle ? 'connecting' : 'down', error instanceof Error ? error.message : String(error));
    } finally {
      if (idleTimer !== null) clearTimeout(idleTimer);
    }
    scheduleRetry(serverRetryMs);
  };

  options.onState('connecting', null);
  void connect();
  return {
    stop(): void {
      life.stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      if (idleTimer !== null) clearTimeout(idleTimer);
      controller?.abort();
    },
    retryNow(): void {
      if (life.stopped || retryTimer === null) return;
      clearTimeout(retryTimer);
      retryTimer = null;
      attempt = 0;
      void connect();
    },
    lastEventId: () => lastId,
  };
}

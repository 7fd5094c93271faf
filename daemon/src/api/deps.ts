/** What createApp needs from the outside world: the API holds no SQL and spawns nothing itself. */
import type { Context } from 'hono';
import type { Store } from '../adapters/store.js';
import type { ApiMetrics } from './metrics.js';
import type { EventHub } from './event-hub.js';

/** Structured log lines; fields never carry keys. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Starts a supervised run owned by the daemon (supplied by the supervisor). */
export type StartRun = (request: { command: string[]; cwd: string; name: string | null }) => Promise<{ runId: string }>;

/** Dependencies of createApp. Optional knobs have production defaults (see createApp). */
export interface ApiDeps {
  store: Store;
  /** The bearer key (FLOWFORGE_API_KEY). */
  key: string;
  /** Epoch milliseconds. */
  clock: () => number;
  logger: Logger;
  /** Absent when the daemon cannot start runs: POST /v1/runs answers 503. */
  startRun?: StartRun;
  /** Exact Origin values allowed (the dashboard's), e.g. http://127.0.0.1:3001. */
  allowedOrigins: readonly string[];
  /** Host names (without port) a request's Host header may carry, e.g. 127.0.0.1, localhost. */
  allowedHosts: readonly string[];
  metrics: ApiMetrics;
  /** The shared SSE poller; createApp makes one when absent (the caller then owns hub.close via app). */
  hub?: EventHub;
  /** The client's address for per-client limits; defaults to the socket's remote address. */
  clientAddress?: (c: Context) => string;
  /** Failed auth attempts allowed per client per window before 429 (default 10 per 5 min). */
  authFailures?: { max: number; windowMs: number; lockoutMs: number };
  /** API restarts allowed per run per window (default 3 per 10 min). */
  restartBudget?: { max: number; windowMs: number };
  /** How long POST /process/* waits for the owner's ack, and how often it looks (default 1000/20 ms). */
  commandWait?: { timeoutMs: number; pollMs: number };
  /** Owners whose heartbeat is older than this are stale (default 3000 ms). */
  ownerStaleAfterMs?: number;
  /**
   * SSE tuning (defaults: heartbeat 15 s; maxQueuedEvents 2000 = how far behind the log a client whose
   * write has been stuck for a whole heartbeat may be before it is dropped; it resumes with Last-Event-ID).
   */
  sse?: { heartbeatMs?: number; maxQueuedEvents?: number };
  /** Largest request body accepted (default 64 KiB). */
  maxBodyBytes?: number;
}

/** RFC 7807 problem+json responses: one mapping from error codes to HTTP statuses. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../contract/api.js';
import type { FlowForgeErrorCode } from '../errors.js';

/**
 * The status of every code (a full Record, so a new code does not compile until it gets one here).
 * 500 is kept for codes no request can cause: they belong to the daemon's own start and stop, so one
 * reaching a request is a bug.
 */
export const STATUS_BY_CODE: Readonly<Record<FlowForgeErrorCode, ContentfulStatusCode>> = {
  USAGE: 400,
  VALIDATION_FAILED: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RUN_NOT_ACTIVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // POST /v1/runs: a well-formed request whose working directory or command cannot be run as given.
  CONFIG_INVALID: 422,
  CONFIG_NOT_FOUND: 422,
  CONFIG_SUBSTITUTION: 422,
  SPAWN_NOT_FOUND: 422,
  SPAWN_NOT_EXECUTABLE: 422,
  SPAWN_FAILED: 422,
  REPLAY_SOURCE_INVALID: 422,
  RATE_LIMITED: 429,
  RESTART_BUDGET_EXHAUSTED: 429,
  NOT_READY: 503,
  RUN_START_UNAVAILABLE: 503,
  STORE_OPEN_FAILED: 503,
  STORE_WRITE_FAILED: 503,
  COMMAND_TIMEOUT: 504,
  // The daemon's own lifecycle (CLI and start-up only): never the answer to a request.
  DAEMON_ALREADY_RUNNING: 500,
  DAEMON_NOT_RUNNING: 500,
  BIND_REFUSED: 500,
  PORT_IN_USE: 500,
  INTERNAL: 500,
};

/** The HTTP status a FlowForge error code is answered with. */
export function statusOfCode(code: FlowForgeErrorCode): ContentfulStatusCode {
  return STATUS_BY_CODE[code];
}

/** Options of a problem response beyond its code and detail. */
export interface ProblemOptions {
  issues?: Problem['issues'];
  headers?: Record<string, string>;
  status?: ContentfulStatusCode;
}

/** Answers with an application/problem+json body carrying the code and the request id. */
export function problem(c: Context, code: FlowForgeErrorCode, detail: string, options: ProblemOptions = {}): Response {
  const status = options.status ?? statusOfCode(code);
  const requestId = readRequestId(c);
  const body: Problem = {
    type: `https://flowforge.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail,
    instance: new URL(c.req.url).pathname,
    request_id: requestId,
    ...(options.issues ? { issues: options.issues } : {}),
  };
  const headers: Record<string, string> = {
    'Content-Type': 'application/problem+json',
    'X-Request-Id': requestId,
    ...options.headers,
  };
  return c.body(JSON.stringify(body), status, headers);
}

/** The request id set by the request-id middleware ('' before it ran). */
export function readRequestId(c: Context): string {
  const value: unknown = c.get('requestId');
  return typeof value === 'string' ? value : '';
}

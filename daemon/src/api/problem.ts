/** RFC 7807 problem+json responses: one mapping from error codes to HTTP statuses. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from '../contract/api.js';
import type { FlowForgeErrorCode } from '../errors.js';

const STATUS_BY_CODE: Partial<Record<FlowForgeErrorCode, ContentfulStatusCode>> = {
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
  SPAWN_NOT_FOUND: 422,
  SPAWN_NOT_EXECUTABLE: 422,
  SPAWN_FAILED: 422,
  RATE_LIMITED: 429,
  RESTART_BUDGET_EXHAUSTED: 429,
  NOT_READY: 503,
  RUN_START_UNAVAILABLE: 503,
  STORE_OPEN_FAILED: 503,
  STORE_WRITE_FAILED: 503,
  COMMAND_TIMEOUT: 504,
};

/** The HTTP status a FlowForge error code is answered with (500 for codes with no mapping). */
export function statusOfCode(code: FlowForgeErrorCode): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
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

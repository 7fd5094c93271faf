/**
 * The browser's client of the daemon, through the dashboard's same-origin proxy (/api/ff/...).
 * The proxy adds the bearer key on the server; nothing here ever sees it.
 */

/** Where the same-origin proxy to the daemon is mounted. */
export const PROXY_BASE = '/api/ff';

/** Header the proxy requires on state-changing requests (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-flowforge-dashboard';

/** How a request to the daemon failed, as the UI needs to tell the user. */
export type ApiErrorKind = 'unauthorized' | 'unreachable' | 'not-found' | 'rejected';

/** An RFC 7807 problem body as the daemon and the proxy send it. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
}

/** A failed API call with what kind of failure it was and the problem body when there was one. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly code: string | null;
  readonly requestId: string | null;

  constructor(kind: ApiErrorKind, status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `HTTP ${String(status)}`);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = problem.code ?? null;
    this.requestId = problem.request_id ?? null;
  }
}

/** Maps an HTTP status (and problem code) to the kind of failure the UI shows. */
export function classifyFailure(status: number, code: string | null | undefined): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  // 429 RATE_LIMITED is the daemon's lockout after repeated wrong keys
  if (status === 429 && code === 'RATE_LIMITED') return 'unauthorized';
  if (status === 403) return code?.startsWith('FORBIDDEN_') || code?.endsWith('_REFUSED') ? 'rejected' : 'unauthorized';
  if (code === 'DAEMON_UNREACHABLE' || status === 502 || status === 504) return 'unreachable';
  if (status === 404) return 'not-found';
  return 'rejected';
}

/** Reads a response's problem body, tolerating bodies that are not JSON. */
export async function readProblem(response: Response): Promise<ProblemBody> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    // not JSON (e.g. an HTML error page): keep the status as the message
    return { title: response.statusText };
  }
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${PROXY_BASE}${path}`, { cache: 'no-store', ...init });
  } catch (cause) {
    // the dashboard server itself is gone (fetch rejects only on network failure)
    const error = new ApiError('unreachable', 0, { detail: 'The dashboard server does not answer.' });
    error.cause = cause;
    throw error;
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(classifyFailure(response.status, problem.code), response.status, problem);
  }
  return (await response.json()) as T;
}

/** GETs a daemon path (e.g. "/v1/runs") and returns its JSON body; throws ApiError on failure. */
export async function apiGet<T>(path: string): Promise<T> {
  return parse<T>(await send(path, { headers: { accept: 'application/json' } }));
}

/** POSTs JSON to a daemon path and returns its JSON body; throws ApiError on failure. */
export async function apiPost<T>(path: string, body: unknown): Promise<T> {
  const response = await send(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify(body),
  });
  return parse<T>(response);
}

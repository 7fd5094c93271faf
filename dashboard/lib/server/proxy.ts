/**
 * The same-origin proxy from the browser to the daemon: adds the bearer key on the server, streams
 * responses (SSE included) through, and turns "daemon not there" into a 502 problem the UI knows.
 */
import { randomUUID } from 'node:crypto';
import { readDaemonTarget, type DaemonTarget } from './daemon-target';
import { checkProxyRequest } from './request-guard';
import { hasSession } from './session';

/** Request headers passed on to the daemon; everything else (cookies, the browser's Origin) stays. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'last-event-id'] as const;
/** Response headers passed back to the browser. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'x-request-id', 'retry-after'] as const;
const MAX_BODY_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 15_000;

/** Builds an RFC 7807 problem response in the daemon's shape. */
export function problemResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance: string,
): Response {
  const requestId = randomUUID();
  return Response.json(
    { type: 'about:blank', title, status, code, detail, instance, request_id: requestId },
    {
      status,
      headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId, 'cache-control': 'no-store' },
    },
  );
}

function isStream(segments: readonly string[]): boolean {
  return segments.join('/') === 'v1/stream';
}

function upstreamHeaders(request: Request, target: DaemonTarget): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (target.key !== null) headers.set('authorization', `Bearer ${target.key}`);
  // The daemon audits commands as api@<address> plus this label: say they came from the dashboard.
  headers.set('x-flowforge-actor', 'dashboard');
  return headers;
}

function downstreamHeaders(upstream: Response, stream: boolean): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  if (stream) {
    headers.set('cache-control', 'no-cache, no-transform');
    headers.set('x-accel-buffering', 'no');
  }
  return headers;
}

/** The request body to forward: undefined for reads, null when it is too large. */
async function readBody(request: Request): Promise<ArrayBuffer | undefined | null> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const body = await request.arrayBuffer();
  return body.byteLength > MAX_BODY_BYTES ? null : body;
}

/** Proxies one request under /api/ff/<segments> to the daemon. */
export async function proxyToDaemon(request: Request, segments: readonly string[]): Promise<Response> {
  const instance = `/${segments.join('/')}`;
  const refusal = checkProxyRequest(request.method, request.headers);
  if (refusal !== null)
    return problemResponse(refusal.status, refusal.code, 'Request refused', refusal.detail, instance);
  if (segments[0] !== 'v1' || segments.some((s) => s === '' || s === '.' || s === '..')) {
    return problemResponse(
      404,
      'NOT_FOUND',
      'Not found',
      `Only the daemon's /v1 API is proxied, not ${instance}.`,
      instance,
    );
  }
  const target = readDaemonTarget();
  if (target.key === null) {
    return problemResponse(
      401,
      'DASHBOARD_KEY_MISSING',
      'API key missing',
      `The dashboard has no API key: set FLOWFORGE_API_KEY in ${target.envFile} (or the environment) and restart with \`flowforge dashboard\`.`,
      instance,
    );
  }
  // Only a signed-in browser gets the key added (session.ts); health probes stay open, as on the daemon.
  const probe = segments.length === 2 && (segments[1] === 'healthz' || segments[1] === 'readyz');
  if (!probe && !hasSession(request.headers.get('cookie'), target.key)) {
    return problemResponse(
      401,
      'DASHBOARD_SIGN_IN_REQUIRED',
      'Sign in',
      `Sign in to the dashboard with the API key (FLOWFORGE_API_KEY in ${target.envFile}).`,
      instance,
    );
  }
  const stream = isStream(segments);
  const search = new URL(request.url).search;
  const url = `${target.baseUrl}/${segments.map(encodeURIComponent).join('/')}${search}`;
  const signal = stream ? request.signal : AbortSignal.any([request.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  const body = await readBody(request);
  if (body === null) {
    return problemResponse(
      413,
      'VALIDATION_FAILED',
      'Body too large',
      `Bodies above ${String(MAX_BODY_BYTES)} bytes are refused.`,
      instance,
    );
  }
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers: upstreamHeaders(request, target),
      body,
      signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return problemResponse(
      timedOut ? 504 : 502,
      'DAEMON_UNREACHABLE',
      timedOut ? 'Daemon did not answer' : 'Daemon unreachable',
      `The FlowForge daemon at ${target.baseUrl} ${timedOut ? 'did not answer in time' : 'does not answer'}: start it with \`flowforge daemon start\`.`,
      instance,
    );
  }
  return new Response(upstream.body, { status: upstream.status, headers: downstreamHeaders(upstream, stream) });
}

/** Sign-in for the dashboard (lib/server/session.ts): GET says whether this browser is signed in. */
import { readDaemonTarget } from '../../../lib/server/daemon-target';
import { problemResponse } from '../../../lib/server/proxy';
import { checkProxyRequest } from '../../../lib/server/request-guard';
import { clearedSessionCookie, hasSession, isTheKey, sessionCookie } from '../../../lib/server/session';

export const dynamic = 'force-dynamic';

const INSTANCE = '/api/session';

/** The same checks as the proxy's (a loopback Host; for changes, the dashboard's own origin), or null. */
function refusal(request: Request, method: 'GET' | 'POST'): Response | null {
  const refused = checkProxyRequest(method, request.headers);
  return refused === null
    ? null
    : problemResponse(refused.status, refused.code, 'Request refused', refused.detail, INSTANCE);
}

/** Whether this browser is signed in, and whether the dashboard has a key to sign in with. */
export function GET(request: Request): Response {
  const refused = refusal(request, 'GET');
  if (refused !== null) return refused;
  const { key } = readDaemonTarget();
  const signedIn = key !== null && hasSession(request.headers.get('cookie'), key);
  return Response.json({ signedIn, keyConfigured: key !== null }, { headers: { 'cache-control': 'no-store' } });
}

/** Signs in with `{ "key": "<the API key>" }` from the dashboard's own page. */
export async function POST(request: Request): Promise<Response> {
  const refused = refusal(request, 'POST');
  if (refused !== null) return refused;
  const { key, envFile } = readDaemonTarget();
  if (key === null) {
    return problemResponse(
      401,
      'DASHBOARD_KEY_MISSING',
      'API key missing',
      `The dashboard has no API key: set FLOWFORGE_API_KEY in ${envFile} and restart with \`flowforge dashboard\`.`,
      INSTANCE,
    );
  }
  let presented: unknown = null;
  try {
    presented = ((await request.json()) as { key?: unknown }).key;
  } catch {
    // not JSON: answered below as a missing key
  }
  if (typeof presented !== 'string' || presented.length > 512 || !isTheKey(presented.trim(), key)) {
    return problemResponse(
      401,
      'DASHBOARD_SIGN_IN_FAILED',
      'Wrong key',
      `That is not the dashboard's API key: copy FLOWFORGE_API_KEY from ${envFile}.`,
      INSTANCE,
    );
  }
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': sessionCookie(key), 'cache-control': 'no-store' },
  });
}

/** Signs this browser out. */
export function DELETE(request: Request): Response {
  const refused = refusal(request, 'POST');
  if (refused !== null) return refused;
  return new Response(null, { status: 204, headers: { 'set-cookie': clearedSessionCookie() } });
}

/** The same-origin proxy to the daemon's API (see lib/server/proxy.ts); the key never leaves the server. */
import { proxyToDaemon } from '../../../../lib/server/proxy';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ path: string[] }>;
}

/** Proxies reads, including the SSE stream at /api/ff/v1/stream. */
export async function GET(request: Request, context: Context): Promise<Response> {
  return proxyToDaemon(request, (await context.params).path);
}

/** Proxies commands (kill, restart, re-run); only from the dashboard's own origin. */
export async function POST(request: Request, context: Context): Promise<Response> {
  return proxyToDaemon(request, (await context.params).path);
}

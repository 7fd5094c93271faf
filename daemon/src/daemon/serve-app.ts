/** Listens with @hono/node-server, with timeouts that suit long SSE streams. */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { FlowForgeError } from '../errors.js';

/**
 * Creates the server and listens. headersTimeout/requestTimeout bound slow uploads (they stop
 * counting once a request is received, so they never cut a long SSE response); the socket
 * inactivity timeout is off because SSE streams idle between heartbeats.
 */
export async function serveApp(
  fetch: Parameters<typeof createAdaptorServer>[0]['fetch'],
  host: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createAdaptorServer({
    fetch,
    serverOptions: { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 },
  }) as Server;
  server.setTimeout(0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new FlowForgeError(
              'PORT_IN_USE',
              `${host}:${port} is in use; stop the other process or set FLOWFORGE_API_PORT.`,
              { cause: error },
            )
          : new FlowForgeError('BIND_REFUSED', `Could not listen on ${host}:${port}: ${error.message}.`, {
              cause: error,
            }),
      );
    });
    server.listen(port, host, () => {
      resolve();
    });
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : port };
}

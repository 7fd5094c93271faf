/** createApp: the Hono app of the daemon (REST + SSE), composed from middleware and route modules. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import { isFlowForgeError } from '../errors.js';
import type { AppEnv } from './app-env.js';
import { bearerKeyAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import type { EventHub } from './event-hub.js';
import { createEventHub } from './event-hub.js';
import { createFailureLimiter } from './failure-limiter.js';
import { hostGuard, identifyClient, originGuard, socketAddress } from './guards.js';
import { problem } from './problem.js';
import { createRestartBudget } from './restart-budget.js';
import { allowedMethodsOf } from './route-table.js';
import { evidenceRoutes } from './routes/evidence.js';
import { metricsRoute, probeRoutes } from './routes/health.js';
import { processRoutes } from './routes/process.js';
import { runRoutes } from './routes/runs.js';
import { streamRoute } from './routes/stream.js';
import { RequestValidationError } from './validate.js';

/** The app plus the shared SSE poller it runs; close() stops the poller and ends every stream. */
export interface FlowForgeApp {
  app: Hono<AppEnv>;
  hub: EventHub;
  close(): void;
}

/** Builds the API over injected dependencies; it holds no SQL and spawns nothing. */
export function createApp(deps: ApiDeps): FlowForgeApp {
  const { store, clock, logger, metrics } = deps;
  const ownedHub = deps.hub === undefined;
  const hub = deps.hub ?? createEventHub({ store, logger });
  const unsubscribeMetrics = hub.subscribe({
    onEvent: (event) => {
      metrics.observeEvent(event);
    },
    onClose: () => undefined,
  });
  if (ownedHub) hub.start();

  const root = new Hono<AppEnv>();
  root.use(requestId({ limitLength: 128 }));
  root.use(async (c, next) => {
    await next();
    const route =
      matchedRoutes(c)
        .filter((r) => r.method !== 'ALL')
        .at(-1)?.path ?? 'unmatched';
    metrics.apiRequests.inc({ method: c.req.method.slice(0, 10), route, status: String(c.res.status) });
  });
  root.use(identifyClient(deps.clientAddress ?? socketAddress));
  root.use(hostGuard(deps.allowedHosts));
  root.use(originGuard(deps.allowedOrigins));
  root.use(
    cors({
      origin: [...deps.allowedOrigins],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Request-Id', 'X-FlowForge-Actor'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
      maxAge: 600,
    }),
  );
  const probes = probeRoutes({ store, clock, logger });
  root.route('/v1', probes);
  root.route('/', probes);

  root.use(
    bearerKeyAuth({
      key: deps.key,
      clock,
      logger,
      limiter: createFailureLimiter(deps.authFailures ?? { max: 10, windowMs: 300_000, lockoutMs: 300_000 }),
    }),
  );
  const maxBodyBytes = deps.maxBodyBytes ?? 64 * 1024;
  root.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problem(c, 'PAYLOAD_TOO_LARGE', `Bodies are limited to ${maxBodyBytes} bytes.`),
    }),
  );

  const api = new Hono<AppEnv>();
  api.route('/', runRoutes({ store, clock, startRun: deps.startRun }));
  api.route('/', evidenceRoutes({ store, clock, ownerStaleAfterMs: deps.ownerStaleAfterMs ?? 3000 }));
  api.route(
    '/',
    processRoutes({
      store,
      clock,
      metrics,
      restartBudget: createRestartBudget(deps.restartBudget ?? { max: 3, windowMs: 600_000 }),
      commandWait: deps.commandWait ?? { timeoutMs: 1000, pollMs: 20 },
    }),
  );
  api.route(
    '/',
    streamRoute({
      store,
      hub,
      metrics,
      logger,
      heartbeatMs: deps.sse?.heartbeatMs ?? 15_000,
      maxQueuedEvents: deps.sse?.maxQueuedEvents ?? 2000,
    }),
  );
  api.route('/', metricsRoute(metrics));
  root.route('/v1', api);
  root.route('/', api);

  root.notFound((c) => {
    const allowed = allowedMethodsOf(new URL(c.req.url).pathname);
    if (allowed !== null) {
      return problem(
        c,
        'METHOD_NOT_ALLOWED',
        `${c.req.method.slice(0, 16)} is not allowed here; use ${allowed.join(', ')}.`,
        {
          headers: { Allow: allowed.join(', ') },
        },
      );
    }
    return problem(c, 'NOT_FOUND', 'No such route; see docs/api.md.');
  });

  root.onError((error, c) => {
    if (error instanceof RequestValidationError) return problem(c, error.code, error.message, { issues: error.issues });
    if (isFlowForgeError(error)) {
      // A write that met another process's lock: worth retrying in a moment (resilient-store.ts).
      const retry = error.code === 'STORE_WRITE_FAILED' ? { headers: { 'Retry-After': '1' } } : {};
      const response = problem(c, error.code, error.message, retry);
      if (response.status >= 500)
        logger.error('request failed', { requestId: c.get('requestId'), code: error.code, error: error.stack });
      return response;
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, 'USAGE', error.message || 'The request is malformed.', { status: error.status });
    }
    logger.error('unhandled error', {
      requestId: c.get('requestId'),
      error: error instanceof Error ? error.stack : String(error),
    });
    return problem(
      c,
      'INTERNAL',
      'The daemon failed to answer this request; its log has the details under the request id.',
    );
  });

  return {
    app: root,
    hub,
    close() {
      unsubscribeMetrics();
      if (ownedHub) hub.close();
    },
  };
}

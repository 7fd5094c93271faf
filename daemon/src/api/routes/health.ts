/** GET /healthz and /readyz (no auth) and GET /metrics (auth, Prometheus text). */
import { Hono } from 'hono';
import type { StoreReader } from '../../adapters/store.js';
import { EmptyQuery, type HealthResponse, type ReadyResponse } from '../../contract/api.js';
import type { AppEnv } from '../app-env.js';
import type { Logger } from '../deps.js';
import type { ApiMetrics } from '../metrics.js';
import { problem } from '../problem.js';
import { parseQuery } from '../validate.js';

/** Mounts the unauthenticated probes. */
export function probeRoutes(options: {
  store: Pick<StoreReader, 'ping' | 'latestEventId'>;
  clock: () => number;
  logger: Logger;
}): Hono<AppEnv> {
  const startedAtMs = options.clock();
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => {
    parseQuery(c, EmptyQuery);
    const body: HealthResponse = { status: 'ok', uptimeMs: options.clock() - startedAtMs };
    return c.json(body);
  });
  app.get('/readyz', (c) => {
    parseQuery(c, EmptyQuery);
    try {
      if (options.store.ping()) {
        const body: ReadyResponse = { status: 'ready', latestEventId: options.store.latestEventId() };
        return c.json(body);
      }
    } catch (error) {
      options.logger.warn('readiness check failed', { error: String(error) });
    }
    return problem(c, 'NOT_READY', 'The database does not answer.');
  });
  return app;
}

/** Mounts GET /metrics. */
export function metricsRoute(metrics: ApiMetrics): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    parseQuery(c, EmptyQuery);
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}

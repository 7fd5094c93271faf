/** GET /incidents, /incidents/:id, /timeline and /worker/lifecycle: read-only evidence. */
import { Hono } from 'hono';
import type { Store } from '../../adapters/store.js';
import type { IncidentsResponse, TimelineResponse, WorkersResponse } from '../../contract/api.js';
import { EmptyQuery, ListIncidentsQuery, TimelineQuery } from '../../contract/api.js';
import { FlowForgeError } from '../../errors.js';
import type { AppEnv } from '../app-env.js';
import { RequestValidationError, parseQuery } from '../validate.js';

/** Options of the evidence routes. */
export interface EvidenceRouteOptions {
  store: Store;
  clock: () => number;
  ownerStaleAfterMs: number;
}

/** The before_id of the next page, or null when this page was the last. */
function nextBeforeId(rows: readonly { id: number }[], limit: number): number | null {
  return rows.length < limit ? null : (rows.at(-1)?.id ?? null);
}

/** Mounts the evidence routes. */
export function evidenceRoutes(options: EvidenceRouteOptions): Hono<AppEnv> {
  const { store } = options;
  const app = new Hono<AppEnv>();

  app.get('/incidents', (c) => {
    const q = parseQuery(c, ListIncidentsQuery);
    const incidents = store.listIncidents({
      limit: q.limit,
      beforeId: q.before_id,
      runId: q.run_id,
      action: q.action,
      detector: q.detector,
      sinceMs: q.since_ms,
      untilMs: q.until_ms,
    });
    const body: IncidentsResponse = { incidents, nextBeforeId: nextBeforeId(incidents, q.limit) };
    return c.json(body);
  });

  app.get('/incidents/:id', (c) => {
    const raw = c.req.param('id');
    if (!/^\d{1,15}$/.test(raw)) throw new RequestValidationError('The incident id must be a positive integer.');
    parseQuery(c, EmptyQuery);
    const incident = store.getIncident(Number(raw));
    if (incident === null) throw new FlowForgeError('NOT_FOUND', `No incident has id ${raw}.`);
    return c.json({ incident });
  });

  app.get('/timeline', (c) => {
    const q = parseQuery(c, TimelineQuery);
    const events = store.listTimeline({
      limit: q.limit,
      beforeId: q.before_id,
      runId: q.run_id,
      incidentId: q.incident_id,
      types: q.types,
      sinceMs: q.since_ms,
      untilMs: q.until_ms,
    });
    const body: TimelineResponse = { events, nextBeforeId: nextBeforeId(events, q.limit) };
    return c.json(body);
  });

  app.get('/worker/lifecycle', (c) => {
    parseQuery(c, EmptyQuery);
    const owners = store.listOwners(options.clock(), options.ownerStaleAfterMs);
    const body: WorkersResponse = {
      staleAfterMs: options.ownerStaleAfterMs,
      owners: owners.map((owner) => ({ ...owner, runIds: store.runsOfOwner(owner.id).map((run) => run.id) })),
    };
    return c.json(body);
  });

  return app;
}

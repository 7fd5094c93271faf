/** GET /runs, GET /runs/:id and POST /runs (start a run owned by the daemon). */
import { Hono } from 'hono';
import type { Store } from '../../adapters/store.js';
import type { RunDetailResponse, RunsResponse, StartRunResponse } from '../../contract/api.js';
import { EmptyQuery, ListRunsQuery, RunDetailQuery, StartRunBody } from '../../contract/api.js';
import { FlowForgeError } from '../../errors.js';
import type { AppEnv } from '../app-env.js';
import type { StartRun } from '../deps.js';
import { parseJsonBody, parseQuery, readRunId } from '../validate.js';

/** Options of the run routes. */
export interface RunRouteOptions {
  store: Store;
  clock: () => number;
  startRun: StartRun | undefined;
}

/** Mounts the run routes. */
export function runRoutes(options: RunRouteOptions): Hono<AppEnv> {
  const { store } = options;
  const app = new Hono<AppEnv>();

  app.get('/runs', (c) => {
    const query = parseQuery(c, ListRunsQuery);
    const body: RunsResponse = { runs: store.listRuns({ limit: query.limit, status: query.status }) };
    return c.json(body);
  });

  app.get('/runs/:id', (c) => {
    const runId = readRunId(c.req.param('id'));
    const query = parseQuery(c, RunDetailQuery);
    const run = store.getRun(runId);
    if (run === null) throw new FlowForgeError('RUN_NOT_FOUND', `No run has id ${JSON.stringify(runId)}.`);
    const body: RunDetailResponse = {
      run,
      samples: store.listSamples(runId, { limit: query.samples }),
      output: store.listOutput(runId, { limit: query.output }),
      decisions: store.listDecisions(runId),
      audit: store.listAudit({ runId, limit: 100 }),
    };
    return c.json(body);
  });

  app.post('/runs', async (c) => {
    parseQuery(c, EmptyQuery);
    const body = await parseJsonBody(c, StartRunBody);
    if (options.startRun === undefined) {
      throw new FlowForgeError(
        'RUN_START_UNAVAILABLE',
        'This daemon was started without a run starter; use `flowforge run`.',
      );
    }
    let request: { command: string[]; cwd: string; name: string | null };
    if ('from_run_id' in body) {
      const source = store.getRun(body.from_run_id);
      if (source === null)
        throw new FlowForgeError('RUN_NOT_FOUND', `No run has id ${JSON.stringify(body.from_run_id)}.`);
      request = { command: source.command, cwd: source.cwd, name: body.name ?? source.name };
    } else {
      request = { command: body.command, cwd: body.cwd, name: body.name ?? null };
    }
    const { runId } = await options.startRun(request);
    store.addAudit({
      atMs: options.clock(),
      actor: c.get('actor'),
      action: 'runs.start',
      runId,
      requestId: c.get('requestId'),
      detail: {
        fromRunId: 'from_run_id' in body ? body.from_run_id : null,
        command: request.command,
        cwd: request.cwd,
      },
    });
    const response: StartRunResponse = { runId };
    return c.json(response, 201, { Location: `/v1/runs/${encodeURIComponent(runId)}` });
  });

  return app;
}

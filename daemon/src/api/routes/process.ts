/** POST /process/{kill,restart,pause,resume}: audited commands delivered to the run's owner. */
import { Hono } from 'hono';
import type { Store } from '../../adapters/store.js';
import type { CommandResponse } from '../../contract/api.js';
import { ProcessCommandBody } from '../../contract/api.js';
import type { CommandKind, RunStatus } from '../../contract/records.js';
import { FlowForgeError } from '../../errors.js';
import type { AppEnv } from '../app-env.js';
import type { ApiMetrics } from '../metrics.js';
import { problem } from '../problem.js';
import type { RestartBudget } from '../restart-budget.js';
import { sendCommand } from '../send-command.js';
import { parseJsonBody } from '../validate.js';

/** Options of the process routes. */
export interface ProcessRouteOptions {
  store: Store;
  clock: () => number;
  metrics: ApiMetrics;
  restartBudget: RestartBudget;
  commandWait: { timeoutMs: number; pollMs: number };
}

const ACTIVE: readonly RunStatus[] = ['running', 'paused', 'restarting'];
const KINDS: readonly CommandKind[] = ['kill', 'restart', 'pause', 'resume'];

/** Mounts the four process command routes. */
export function processRoutes(options: ProcessRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const kind of KINDS) {
    app.post(`/process/${kind}`, async (c) => {
      const body = await parseJsonBody(c, ProcessCommandBody);
      const run = options.store.getRun(body.run_id);
      if (run === null) throw new FlowForgeError('RUN_NOT_FOUND', `No run has id ${JSON.stringify(body.run_id)}.`);
      if (!ACTIVE.includes(run.status)) {
        throw new FlowForgeError(
          'RUN_NOT_ACTIVE',
          `Run ${run.id} is ${run.status}; only running, paused or restarting runs take commands.`,
        );
      }
      const nowMs = options.clock();
      if (kind === 'restart') {
        const waitMs = options.restartBudget.take(run.id, nowMs);
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          return problem(
            c,
            'RESTART_BUDGET_EXHAUSTED',
            `Run ${run.id} was restarted too often; retry in ${seconds} s.`,
            {
              headers: { 'Retry-After': String(seconds) },
            },
          );
        }
      }
      const actor = c.get('actor');
      const requestId = c.get('requestId');
      const reason = body.reason === '' ? `${kind} requested through the API` : body.reason;
      const command = await sendCommand(
        options.store,
        { runId: run.id, kind, reason, requestedBy: actor, requestId, atMs: nowMs, ...options.commandWait },
        (queued) => {
          options.store.addAudit({
            atMs: nowMs,
            actor,
            action: `process.${kind}`,
            runId: run.id,
            requestId,
            detail: { commandId: queued.id, reason, ownerKind: run.ownerKind, ownerPid: run.ownerPid },
          });
        },
      );
      options.metrics.commands.inc({ kind, state: command.state });
      const response: CommandResponse =
        command.state === 'pending'
          ? {
              command,
              hint: `The owner (${run.ownerKind} pid ${run.ownerPid}) has not acknowledged yet; it may be busy or gone. Check GET /v1/worker/lifecycle; a dead owner's run is stopped as owner-lost.`,
            }
          : { command };
      return c.json(response, 202);
    });
  }
  return app;
}

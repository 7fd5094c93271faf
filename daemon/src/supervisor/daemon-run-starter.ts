/**
 * Runs the daemon starts itself (POST /v1/runs, re-run from the dashboard): the same supervisor
 * as `flowforge run`, owned by the daemon, with output recorded but not printed anywhere.
 */
import { createResilientWriter } from '../adapters/resilient-store.js';
import type { Store } from '../adapters/store.js';
import { loadConfig } from '../config/load.js';
import type { Logger, StartRun } from '../api/deps.js';
import { createRedactor } from '../redact/index.js';
import { superviseRun, type SupervisedRun } from './supervisor.js';
import { DISCARD_SINK } from './output-sink.js';

export interface DaemonRunStarterContext {
  store: Store;
  owner: { id: string; kind: 'daemon' };
  clock: () => number;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

/** Creates the daemon's run starter; close() stops every run it still owns. */
export function createDaemonRunStarter(ctx: DaemonRunStarterContext): { startRun: StartRun; close(): Promise<void> } {
  const env = ctx.env ?? process.env;
  const active = new Map<string, SupervisedRun>();
  const writer = createResilientWriter(ctx.store, {
    onFirstFailure: (error) => {
      ctx.logger.warn('writing evidence failed; daemon-owned runs go on', { error: String(error) });
    },
  });

  const startRun: StartRun = (request) => {
    const config = loadConfig({ cwd: request.cwd, env, flags: request.name === null ? {} : { name: request.name } });
    const run = superviseRun({
      command: request.command,
      cwd: request.cwd,
      env,
      config,
      store: writer,
      owner: ctx.owner,
      stdin: 'ignore',
      stdinSource: null,
      stdout: DISCARD_SINK,
      stderr: DISCARD_SINK,
      log: (message) => {
        ctx.logger.info(message, { runId: run.runId });
      },
      clock: ctx.clock,
      redactor: createRedactor({ env }),
    });
    active.set(run.runId, run);
    void run.done.then(
      (outcome) => {
        active.delete(run.runId);
        ctx.logger.info('daemon-owned run ended', { runId: run.runId, exitCode: outcome.exitCode });
      },
      (error: unknown) => {
        active.delete(run.runId);
        ctx.logger.error('daemon-owned run failed', { runId: run.runId, error: String(error) });
      },
    );
    return Promise.resolve({ runId: run.runId });
  };

  return {
    startRun,
    async close(): Promise<void> {
      const runs = [...active.values()];
      for (const run of runs) run.stop('the daemon is shutting down');
      await Promise.allSettled(runs.map((run) => run.done));
    },
  };
}

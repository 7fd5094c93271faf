/**
 * Runs the daemon starts itself (POST /v1/runs, re-run from the dashboard): the same supervisor
 * as `flowforge run`, owned by the daemon, with output recorded but not printed anywhere.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createResilientWriter } from '../adapters/resilient-store.js';
import type { Store } from '../adapters/store.js';
import { loadConfig } from '../config/load.js';
import type { Logger, StartRun } from '../api/deps.js';
import { RequestValidationError } from '../api/validate.js';
import type { ResolvedConfig } from '../config/types.js';
import { createRedactor } from '../redact/index.js';
import { superviseRun, type SupervisedRun } from './supervisor.js';
import { DISCARD_SINK } from './output-sink.js';
import { resolveExecutable } from './spawn-child.js';

/** A 400 naming the request field at fault (`cwd`, `command.0`) and what to do about it. */
function fieldError(field: string, message: string): RequestValidationError {
  return new RequestValidationError(`${field}: ${message}`, [{ path: field, message }]);
}

/** Why cwd cannot be a child's working directory, or null when it can. */
function describeBadCwd(cwd: string): string | null {
  const redo =
    "give an existing directory as cwd (a re-run uses the recorded run's cwd: recreate it, or POST {command, cwd})";
  if (cwd.includes('\u0000')) return `the path contains a NUL byte (\\u0000): ${redo}`;
  if (!cwd.startsWith('/')) return `${JSON.stringify(cwd)} is not an absolute path: ${redo}`;
  let stats;
  try {
    stats = statSync(cwd, { throwIfNoEntry: false });
  } catch (error) {
    // ENOTDIR (a part of the path is a file), EACCES (a parent cannot be searched), ELOOP, ...
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return `${cwd} cannot be reached (${code}): ${redo}`;
  }
  if (stats === undefined) return `${cwd} does not exist: ${redo}`;
  if (!stats.isDirectory()) return `${cwd} is not a directory: ${redo}`;
  try {
    accessSync(cwd, constants.X_OK);
  } catch {
    return `${cwd} cannot be entered (permission denied): make it searchable (chmod +x) or ${redo}`;
  }
  return null;
}

/**
 * Checks, before any run row exists, what would only fail once the child is spawned: the working
 * directory (400 naming cwd), its flowforge.yaml (CONFIG_*, 422) and the executable on PATH
 * (SPAWN_NOT_FOUND / SPAWN_NOT_EXECUTABLE, 422). Returns the run's config.
 */
export function checkRunRequest(
  request: { command: readonly string[]; cwd: string; name: string | null },
  env: NodeJS.ProcessEnv,
): ResolvedConfig {
  const badCwd = describeBadCwd(request.cwd);
  if (badCwd !== null) throw fieldError('cwd', badCwd);
  const file = request.command[0];
  if (file === undefined || file === '') {
    throw fieldError('command.0', 'the program to run is empty: give its name or path as the first element');
  }
  const config = loadConfig({ cwd: request.cwd, env, flags: request.name === null ? {} : { name: request.name } });
  resolveExecutable(file, env['PATH'], request.cwd);
  return config;
}

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
    let config: ResolvedConfig;
    try {
      config = checkRunRequest(request, env);
    } catch (error) {
      // A 4xx before any run row exists.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
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

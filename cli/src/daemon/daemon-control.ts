/** start/stop/status of the background daemon, as functions the commands call. */
import { FlowForgeError, isProcessAlive, readPidFile, startDaemon } from '@flowforge/daemon/server';
import type { DaemonInfo, RunStarter, RunStarterContext } from '@flowforge/daemon/server';
import { readLogTail } from './log-tail.js';
import { getJson, locateDaemon, waitUntil } from './locate-daemon.js';
import { selfCommand, spawnDetached } from './spawn-detached.js';

/** Flags shared by start and dashboard. */
export interface StartFlags {
  host?: string;
  port?: number;
  allowRemote?: boolean;
}

/** Where the CLI runs and how it reports. */
export interface ControlContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  /** Supplied by the supervisor so the daemon can start runs (POST /v1/runs). */
  createRunStarter?: (context: RunStarterContext) => RunStarter;
  /** Overrides the argv that re-runs this CLI for the detached daemon. */
  selfCommand?: { command: string; args: string[] };
}

const flagArgs = (flags: StartFlags): string[] => [
  ...(flags.host === undefined ? [] : ['--host', flags.host]),
  ...(flags.port === undefined ? [] : ['--port', String(flags.port)]),
  ...(flags.allowRemote === true ? ['--allow-remote'] : []),
];

/** Starts the daemon in the background and resolves with its info once /healthz answers. */
export async function startDetached(ctx: ControlContext, flags: StartFlags): Promise<DaemonInfo> {
  const located = locateDaemon(ctx.env, ctx.cwd);
  if (located.running !== null) {
    throw new FlowForgeError(
      'DAEMON_ALREADY_RUNNING',
      `The daemon already runs (pid ${located.running.pid}, ${located.running.url ?? 'starting'}).`,
    );
  }
  const self = ctx.selfCommand ?? selfCommand();
  const child = spawnDetached({
    command: self.command,
    args: [...self.args, 'daemon', 'start', '--foreground', ...flagArgs(flags)],
    cwd: ctx.cwd,
    env: ctx.env,
    logFile: located.paths.logFile,
  });
  const seen: { info: DaemonInfo | null } = { info: null };
  const up = await waitUntil(async () => {
    if (child.exited() !== null) return true;
    seen.info = readPidFile(located.paths.pidFile);
    const url = seen.info?.url ?? null;
    return url !== null && (await getJson(`${url}/v1/healthz`, null)) !== null;
  }, 15_000);
  const info = seen.info;
  if (!up || child.exited() !== null || info === null) {
    const tail = readLogTail(located.paths.logFile, 5).join('\n');
    throw new FlowForgeError('SPAWN_FAILED', `The daemon did not come up (see ${located.paths.logFile}):\n${tail}`);
  }
  return info;
}

/** Runs the daemon in this process until SIGINT/SIGTERM. */
export async function runForeground(
  ctx: ControlContext,
  flags: StartFlags,
  onReady?: (url: string) => void,
): Promise<void> {
  const daemon = await startDaemon({ env: ctx.env, cwd: ctx.cwd, ...flags, createRunStarter: ctx.createRunStarter });
  ctx.out(`flowforge daemon listening on ${daemon.url} (pid ${process.pid}, db ${daemon.dbPath})`);
  onReady?.(daemon.url);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await daemon.close();
}

/** Stops the daemon with SIGTERM, escalating to SIGKILL after timeoutMs; returns how it ended. */
export async function stopDaemon(ctx: ControlContext, timeoutMs: number): Promise<'stopped' | 'killed'> {
  const { running } = locateDaemon(ctx.env, ctx.cwd);
  if (running === null)
    throw new FlowForgeError('DAEMON_NOT_RUNNING', 'No FlowForge daemon runs for this database; nothing to stop.');
  process.kill(running.pid, 'SIGTERM');
  if (await waitUntil(() => !isProcessAlive(running.pid), timeoutMs)) return 'stopped';
  process.kill(running.pid, 'SIGKILL');
  return 'killed';
}

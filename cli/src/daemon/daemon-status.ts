/** `flowforge daemon status`: where the daemon listens and what it watches. */
import type { RunsResponse, WorkersResponse } from '@flowforge/daemon/contract';
import { FlowForgeError } from '@flowforge/daemon/server';
import { getJson, locateDaemon } from './locate-daemon.js';

/** The status report (also printed as JSON with --json). */
export interface DaemonStatus {
  running: boolean;
  pid: number | null;
  url: string | null;
  uptimeMs: number | null;
  dbPath: string;
  envFile: string;
  logFile: string;
  answering: boolean;
  activeRuns: number | null;
  owners: Record<string, number> | null;
}

/** Collects the status; never throws for a stopped daemon. */
export async function readDaemonStatus(env: NodeJS.ProcessEnv, cwd: string): Promise<DaemonStatus> {
  const { paths, running, key } = locateDaemon(env, cwd);
  const url = running?.url ?? null;
  const health = url === null ? null : await getJson<{ uptimeMs: number }>(`${url}/v1/healthz`, null);
  const runs = url === null ? null : await getJson<RunsResponse>(`${url}/v1/runs?status=active&limit=500`, key);
  const workers = url === null ? null : await getJson<WorkersResponse>(`${url}/v1/worker/lifecycle`, key);
  const owners =
    workers === null
      ? null
      : workers.owners.reduce<Record<string, number>>(
          (acc, owner) => ({ ...acc, [owner.state]: (acc[owner.state] ?? 0) + 1 }),
          {},
        );
  return {
    running: running !== null,
    pid: running?.pid ?? null,
    url,
    uptimeMs: health?.uptimeMs ?? null,
    dbPath: running?.dbPath ?? paths.dbPath,
    envFile: running?.envFile ?? paths.envFile,
    logFile: running?.logFile ?? paths.logFile,
    answering: health !== null,
    activeRuns: runs?.runs.length ?? null,
    owners,
  };
}

/** Renders the status for a terminal; throws DAEMON_NOT_RUNNING when stopped. */
export function renderDaemonStatus(status: DaemonStatus): string {
  if (!status.running)
    throw new FlowForgeError(
      'DAEMON_NOT_RUNNING',
      `The daemon is not running (database ${status.dbPath}); start it with \`flowforge daemon start\`.`,
    );
  const owners =
    status.owners === null
      ? 'unknown (no key?)'
      : Object.entries(status.owners)
          .map(([state, count]) => `${count} ${state}`)
          .join(', ') || 'none';
  return [
    `flowforge daemon: running (pid ${status.pid ?? '?'}${status.uptimeMs === null ? ', not answering' : `, up ${Math.round(status.uptimeMs / 1000)} s`})`,
    `  listening  ${status.url ?? 'not yet'}`,
    `  database   ${status.dbPath}`,
    `  key file   ${status.envFile}`,
    `  log        ${status.logFile}`,
    `  watching   ${status.activeRuns === null ? 'unknown' : `${status.activeRuns} active run(s)`}; owners: ${owners}`,
  ].join('\n');
}

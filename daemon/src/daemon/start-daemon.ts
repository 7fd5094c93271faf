/** startDaemon: the daemon's composition root: key, pid file, store, reaper, API and the HTTP server. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { killProcessTree } from '../adapters/kill-tree.js';
import { SUPERVISOR_BUSY_TIMEOUT_MS } from '../adapters/resilient-store.js';
import { isBusyError, openStore } from '../adapters/sqlite-store.js';
import type { Store } from '../adapters/store.js';
import { createApp } from '../api/app.js';
import type { FlowForgeApp } from '../api/app.js';
import type { ApiDeps, Logger, StartRun } from '../api/deps.js';
import { createApiMetrics } from '../api/metrics.js';
import { resolveBind } from './bind.js';
import { readApiKey, readOrCreateApiKey } from './key-file.js';
import { createJsonLogger } from './logger.js';
import { createOwnerReaper } from './owner-reaper.js';
import { resolveDaemonPaths } from './paths.js';
import { claimPidFile, isProcessAlive } from './pid-file.js';
import { serveApp } from './serve-app.js';
import { createSpoolFolder } from './spool-folder.js';
import { createRetention, RETENTION_PASS_MS, retentionFromEnv } from './retention.js';
import { createDaemonRunStarter } from '../supervisor/daemon-run-starter.js';
import { errorMessage, FlowForgeError } from '../errors.js';

/**
 * How long an API request's write (a command, its audit) waits for another process's lock. The wait is
 * synchronous and freezes every request and timer of the daemon, so it is kept short; past it the
 * request is answered 503 STORE_WRITE_FAILED at once and the client retries.
 */
export const API_BUSY_TIMEOUT_MS = 250;

/** What a run starter gets: the daemon's store and its owner identity. */
export interface RunStarterContext {
  store: Store;
  owner: { id: string; kind: 'daemon' };
  clock: () => number;
  logger: Logger;
}

/** A run starter supplied by the supervisor; close() stops the daemon-owned runs on shutdown. */
export interface RunStarter {
  startRun: StartRun;
  close(): Promise<void>;
}

/** Options of startDaemon; everything defaults from env (FLOWFORGE_*) and cwd. */
export interface StartDaemonOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  host?: string;
  port?: number;
  allowRemote?: boolean;
  dbPath?: string;
  envFile?: string;
  /** false: no pid file (tests and embedded use). */
  pidFile?: string | false;
  logger?: Logger;
  clock?: () => number;
  createRunStarter?: (context: RunStarterContext) => RunStarter;
  reaper?: { intervalMs?: number; staleAfterMs?: number; graceMs?: number };
  /** Overrides of API knobs (SSE heartbeat, limits) for tests and benches. */
  api?: Partial<
    Pick<ApiDeps, 'authFailures' | 'restartBudget' | 'commandWait' | 'sse' | 'maxBodyBytes' | 'ownerStaleAfterMs'>
  >;
}

/** A running daemon. */
export interface DaemonHandle {
  url: string;
  host: string;
  port: number;
  dbPath: string;
  envFile: string;
  keySource: 'env' | 'file' | 'generated';
  ownerId: string;
  api: FlowForgeApp;
  server: Server;
  /** Graceful stop: ends streams, stops the reaper and daemon-owned runs, closes the store, removes the pid file. */
  close(): Promise<void>;
}

/** Starts the daemon and resolves once it listens; throws BIND_REFUSED, PORT_IN_USE, DAEMON_ALREADY_RUNNING. */
export async function startDaemon(options: StartDaemonOptions = {}): Promise<DaemonHandle> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createJsonLogger((line) => process.stdout.write(line));
  const paths = resolveDaemonPaths(env, cwd);
  const dbPath = options.dbPath ?? paths.dbPath;
  // Checked before anything starts: a bad value stops the daemon with a message naming the variable.
  const retentionMs = retentionFromEnv(env);
  const envFile = options.envFile ?? paths.envFile;
  const keyConfigured = (env.FLOWFORGE_API_KEY ?? '') !== '' || readOrCreateKeyPeek(envFile);
  const bind = resolveBind({
    env,
    host: options.host,
    port: options.port,
    allowRemote: options.allowRemote,
    keyConfigured,
  });
  const apiKey = readOrCreateApiKey(envFile, env);
  if (apiKey.source === 'generated') logger.info('generated an API key', { envFile });
  if (apiKey.migrated.length > 0)
    logger.info('migrated legacy names in the key file', { envFile, names: apiKey.migrated });
  if (apiKey.tightened) logger.warn('the key file was readable by others; its mode is now 0600', { envFile });

  const pidPath = options.pidFile ?? paths.pidFile;
  const info = {
    pid: process.pid,
    startedAtMs: clock(),
    url: null,
    host: null,
    port: null,
    dbPath,
    envFile,
    logFile: pidPath === false ? null : paths.logFile,
  };
  const pid = pidPath === false ? null : claimPidFile(pidPath, info);
  const cleanups: (() => Promise<void> | void)[] = [() => pid?.release()];
  const runCleanups = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // Two connections to one file: the API's waits up to API_BUSY_TIMEOUT_MS for a lock; the daemon's
    // own periodic writers (heartbeat, spool, retention, reaper, its runs) wait only
    // SUPERVISOR_BUSY_TIMEOUT_MS and try again on their next pass, so a lock never freezes the daemon.
    const apiConnection = openStore(dbPath, { busyTimeoutMs: API_BUSY_TIMEOUT_MS });
    cleanups.push(() => {
      apiConnection.close();
    });
    const store = answerBusyAsUnavailable(apiConnection);
    const background = openStore(dbPath, { busyTimeoutMs: SUPERVISOR_BUSY_TIMEOUT_MS });
    cleanups.push(() => {
      background.close();
    });
    // Short `flowforge run`s leave spool files instead of opening SQLite: fold them in now and every second.
    const spool = createSpoolFolder({ store: background, logger });
    spool.fold();
    if (retentionMs !== null) {
      const retention = createRetention({ store: background, logger, clock, retentionMs });
      retention.pass();
      const retentionTimer = setInterval(() => {
        retention.pass();
      }, RETENTION_PASS_MS);
      cleanups.push(() => {
        clearInterval(retentionTimer);
      });
    }
    const ownerId = `daemon-${process.pid}-${randomUUID().slice(0, 8)}`;
    const owner = createOwnerBeat({ store: background, logger, clock, ownerId });
    owner.beat();
    const heartbeat = setInterval(() => {
      spool.fold();
      owner.beat();
    }, 1000);
    cleanups.push(() => {
      clearInterval(heartbeat);
      owner.gone();
    });

    const graceMs = options.reaper?.graceMs ?? 2000;
    const reaper = createOwnerReaper({
      store: background,
      clock,
      logger,
      selfOwnerId: ownerId,
      isAlive: isProcessAlive,
      staleAfterMs: options.reaper?.staleAfterMs,
      intervalMs: options.reaper?.intervalMs,
      stopGroup: async (run) => {
        if (run.childPid === null || run.childPid <= 1) return;
        await killProcessTree({ pgid: run.childPid, rootPid: run.childPid, graceMs });
      },
    });
    void reaper.sweep();
    reaper.start();
    cleanups.push(() => reaper.stop());

    const starter = (options.createRunStarter ?? createDaemonRunStarter)({
      store: background,
      owner: { id: ownerId, kind: 'daemon' },
      clock,
      logger,
    });
    cleanups.push(() => starter.close());
    const metrics = createApiMetrics({
      readActiveRuns: () => store.listRuns({ status: 'active', limit: 10_000 }).length,
    });
    const api = createApp({
      ...options.api,
      store,
      key: apiKey.key,
      clock,
      logger,
      metrics,
      startRun: starter.startRun,
      allowedHosts: bind.allowedHosts,
      allowedOrigins: bind.allowedOrigins,
    });
    cleanups.push(() => {
      api.close();
    });
    const { server, port } = await serveApp(api.app.fetch, bind.host, bind.port);
    cleanups.push(() => {
      api.close();
      return closeServer(server);
    });
    const urlHost = bind.host.includes(':') && !bind.host.startsWith('[') ? `[${bind.host}]` : bind.host;
    const url = `http://${urlHost}:${port}`;
    pid?.update({ ...info, url, host: bind.host, port });
    logger.info('daemon listening', { url, dbPath, envFile, pid: process.pid });
    let closing: Promise<void> | null = null;
    return {
      url,
      host: bind.host,
      port,
      dbPath,
      envFile,
      keySource: apiKey.source,
      ownerId,
      api,
      server,
      close: () =>
        (closing ??= runCleanups().then(() => {
          logger.info('daemon stopped');
        })),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

/**
 * The daemon's owner row: registered at start, or on a later beat if a lock was held then; heartbeats
 * every beat. A beat that meets a lock is skipped (the reaper tolerates a missed beat) and logged once
 * per failing streak; nothing here ever throws.
 */
function createOwnerBeat(options: {
  store: Pick<Store, 'registerOwner' | 'heartbeatOwner' | 'markOwnerGone'>;
  logger: Logger;
  clock: () => number;
  ownerId: string;
}): { beat(): void; gone(): void } {
  const { store, logger, clock, ownerId } = options;
  let registered = false;
  let failing = false;
  return {
    beat() {
      try {
        if (registered) store.heartbeatOwner(ownerId, clock());
        else {
          store.registerOwner({ id: ownerId, pid: process.pid, kind: 'daemon', hostname: hostname(), atMs: clock() });
          registered = true;
        }
        failing = false;
      } catch (error) {
        if (!failing) logger.warn('owner heartbeat failed; trying again every second', { error: errorMessage(error) });
        failing = true;
      }
    },
    gone() {
      try {
        if (registered) store.markOwnerGone(ownerId, clock());
      } catch (error) {
        // Left marked live, the owner row is found dead by the next daemon's reaper (pid gone).
        logger.warn('could not mark the daemon owner gone', { error: errorMessage(error) });
      }
    },
  };
}

/**
 * The API's store: a lock held past API_BUSY_TIMEOUT_MS becomes STORE_WRITE_FAILED (503 problem+json)
 * instead of an unknown error, so a client learns to retry rather than getting a 500.
 */
function answerBusyAsUnavailable(store: Store): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        try {
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          if (!isBusyError(error)) throw error;
          throw new FlowForgeError(
            'STORE_WRITE_FAILED',
            'The evidence database is locked by another process; nothing was changed. Try again in a moment.',
            { cause: error },
          );
        }
      };
    },
  });
}

function readOrCreateKeyPeek(envFile: string): boolean {
  try {
    return readApiKey(envFile) !== null;
  } catch {
    // An unreadable key file is reported by readOrCreateApiKey right after.
    return false;
  }
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeIdleConnections();
    // SSE streams end when the hub closes; anything still open after a moment is cut.
    setTimeout(() => {
      server.closeAllConnections();
    }, 1000).unref();
  });
}

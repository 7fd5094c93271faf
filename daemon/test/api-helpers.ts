/** Shared fixtures of the API tests: a temp store, an app over it, and request helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/adapters/sqlite-store.js';
import type { Store } from '../src/adapters/store.js';
import { createApp } from '../src/api/app.js';
import type { FlowForgeApp } from '../src/api/app.js';
import type { ApiDeps } from '../src/api/deps.js';
import { createApiMetrics } from '../src/api/metrics.js';
import type { NewRun } from '../src/contract/records.js';
import { silentLogger } from '../src/daemon/logger.js';
import { startDaemon, type DaemonHandle } from '../src/daemon/start-daemon.js';

export const TEST_KEY = 'test-key-0123456789abcdefghijklmnop';
export const AUTH = { Authorization: `Bearer ${TEST_KEY}` };
export const BASE = 'http://127.0.0.1:8080';

/** A temp directory removed by the returned cleanup. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ff-api-'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An app over a fresh SQLite store; call close() after the test. */
export interface TestApp extends FlowForgeApp {
  store: Store;
  now: { ms: number };
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

/** Builds the app with test defaults, a fake clock and overrides. */
export function makeTestApp(overrides: Partial<ApiDeps> = {}): TestApp {
  const temp = makeTempDir();
  const store = openStore(join(temp.dir, 'ff.db'));
  const now = { ms: 1_700_000_000_000 };
  const built = createApp({
    store,
    key: TEST_KEY,
    clock: () => now.ms,
    logger: silentLogger,
    metrics: createApiMetrics(),
    allowedHosts: ['127.0.0.1', 'localhost', '[::1]'],
    allowedOrigins: ['http://127.0.0.1:3001'],
    ...overrides,
  });
  return {
    ...built,
    store,
    now,
    request: (path, init) => Promise.resolve(built.app.request(`${BASE}${path}`, init)),
    close() {
      built.close();
      store.close();
      temp.remove();
    },
  };
}

/** A run row for tests. */
export function newRun(id: string, overrides: Partial<NewRun> = {}): NewRun {
  return {
    id,
    name: `run ${id}`,
    command: ['sleep', '60'],
    cwd: '/tmp',
    rollout: 'enforce',
    runKey: id,
    enforced: true,
    ownerKind: 'cli',
    ownerPid: process.pid,
    startedAtMs: 1_700_000_000_000,
    limits: { maxCpuPercent: 90, maxMemoryBytes: null },
    ...overrides,
  };
}

/** POSTs JSON with the test key. */
export function postJson(
  app: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/**
 * Starts a real daemon for the database at dbPath on an ephemeral loopback port, with its key file and
 * HOME beside the database and no pid file; extraEnv adds variables. Close the handle when done.
 */
export function startDaemonFor(dbPath: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<DaemonHandle> {
  const dir = join(dbPath, '..');
  return startDaemon({
    env: { FLOWFORGE_DB: dbPath, FLOWFORGE_ENV_FILE: join(dir, '.flowforge.env'), HOME: dir, ...extraEnv },
    host: '127.0.0.1',
    port: 0,
    pidFile: false,
    logger: silentLogger,
  });
}

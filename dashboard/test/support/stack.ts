/**
 * The real pieces the browser tests drive: a FlowForge daemon, the built dashboard under
 * `next start`, and fixture scripts supervised by the real CLI, all on 127.0.0.1 with a temp DB.
 */
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitFor, type Started } from './processes';

/** The dashboard workspace and the repository root. */
export const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_DIR = path.resolve(DASHBOARD_DIR, '..');

/** The temp world of one test session: its directory, DB, key file and key. */
export interface World {
  dir: string;
  dbPath: string;
  envFile: string;
  key: string;
}

/** Writes the key file the daemon reads and returns the world. */
export function createWorld(dir: string, key: string): World {
  const envFile = path.join(dir, 'daemon.flowforge.env');
  writeFileSync(envFile, `FLOWFORGE_API_KEY=${key}\n`, { mode: 0o600 });
  return { dir, dbPath: path.join(dir, 'flowforge.db'), envFile, key };
}

/** A small environment: PATH and the FlowForge variables of the world, nothing else leaks in. */
export function baseEnv(world: World, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: world.dir,
    LANG: 'C.UTF-8',
    FLOWFORGE_DB: world.dbPath,
    FLOWFORGE_DATA_DIR: world.dir,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    ...extra,
  };
}

/** A running daemon: its URL, port and process. */
export interface DaemonProcess {
  url: string;
  port: number;
  process: Started;
}

/** Starts the daemon (port 0 = ephemeral) and resolves once it listens. */
export async function startDaemonProcess(world: World, port = 0): Promise<DaemonProcess> {
  const launcher = path.join(DASHBOARD_DIR, 'test/support/daemon-launcher.mjs');
  const proc = startProcess('daemon', process.execPath, [launcher], {
    cwd: world.dir,
    env: baseEnv(world, { FLOWFORGE_ENV_FILE: world.envFile, E2E_DAEMON_PORT: String(port) }),
  });
  const url = await waitFor(
    'the daemon to listen',
    () => {
      if (proc.exited()) throw new Error(`the daemon exited:\n${proc.output()}`);
      return /listening (http:\/\/\S+)/.exec(proc.output())?.[1] ?? null;
    },
    20_000,
  );
  return { url, port: Number(new URL(url).port), process: proc };
}

/** A running dashboard. */
export interface DashboardProcess {
  url: string;
  process: Started;
}

/** Starts `next start` on the production build; env decides which daemon and key it uses. */
export async function startDashboard(world: World, env: Record<string, string>): Promise<DashboardProcess> {
  if (!existsSync(path.join(DASHBOARD_DIR, '.next', 'BUILD_ID'))) {
    throw new Error('The dashboard is not built: run `npm run build -w @flowforge/dashboard` first.');
  }
  const port = await freePort();
  const nextBin = createRequire(path.join(DASHBOARD_DIR, 'package.json')).resolve('next/dist/bin/next');
  const proc = startProcess('dashboard', process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: DASHBOARD_DIR,
    env: baseEnv(world, env),
  });
  const url = `http://127.0.0.1:${String(port)}`;
  await waitFor(
    'the dashboard to answer',
    async () => {
      if (proc.exited()) throw new Error(`next start exited:\n${proc.output()}`);
      const response = await fetch(url);
      return response.ok;
    },
    30_000,
  );
  return { url, process: proc };
}

/** Runs a fixture under `flowforge run` (the real CLI) with the world's DB. */
export function runFixture(
  world: World,
  name: string,
  fixture: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Started {
  const wrapper = path.join(REPO_DIR, 'flowforge');
  const cli = existsSync(wrapper) ? wrapper : path.join(REPO_DIR, 'cli/bin/flowforge.cjs');
  const argv = ['run', '--name', name, ...flags, '--', 'python3', path.join(REPO_DIR, 'fixtures', fixture), ...args];
  return startProcess(
    `flowforge run ${name}`,
    cli.endsWith('.cjs') ? process.execPath : cli,
    cli.endsWith('.cjs') ? [cli, ...argv] : argv,
    {
      cwd: world.dir,
      env: baseEnv(world),
    },
  );
}

/** A real daemon for end-to-end tests: temp DB and key file, 127.0.0.1 on an ephemeral port, no pid file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startDaemon, silentLogger, type DaemonHandle, type StartDaemonOptions } from '@flowforge/daemon/server';

export interface TestDaemon {
  daemon: DaemonHandle;
  key: string;
  db: string;
}

/** Starts the daemon with its files in dir; the caller closes it. */
export async function startTestDaemon(dir: string, reaper?: StartDaemonOptions['reaper']): Promise<TestDaemon> {
  const db = path.join(dir, 'runs.db');
  const envFile = path.join(dir, '.flowforge.env');
  const daemon = await startDaemon({
    env: { FLOWFORGE_DB: db, FLOWFORGE_ENV_FILE: envFile, HOME: dir },
    host: '127.0.0.1',
    port: 0,
    pidFile: false,
    logger: silentLogger,
    ...(reaper === undefined ? {} : { reaper }),
  });
  const key = /FLOWFORGE_API_KEY=(\S+)/.exec(readFileSync(envFile, 'utf8'))?.[1] ?? '';
  return { daemon, key, db };
}

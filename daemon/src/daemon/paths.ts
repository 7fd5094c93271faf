/** Where the daemon keeps its files: key file, pid file and log beside the database it watches. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultDbPath } from '../adapters/sqlite-store.js';

/** The daemon's file locations. */
export interface DaemonPaths {
  /** .flowforge.env holding FLOWFORGE_API_KEY. */
  envFile: string;
  /** Directory of the pid and log files (FLOWFORGE_DATA_DIR, else the database's directory). */
  dataDir: string;
  pidFile: string;
  logFile: string;
  dbPath: string;
}

/**
 * Finds the key file: FLOWFORGE_ENV_FILE; else the nearest .flowforge.env in cwd or a parent; else
 * .flowforge.env at the root of the enclosing git checkout; else in cwd (created on first start).
 */
export function resolveEnvFile(env: NodeJS.ProcessEnv, cwd: string): string {
  const explicit = env.FLOWFORGE_ENV_FILE;
  if (explicit !== undefined && explicit !== '') return resolve(cwd, explicit);
  let gitRoot: string | null = null;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, '.flowforge.env');
    if (existsSync(candidate)) return candidate;
    if (gitRoot === null && existsSync(join(dir, '.git'))) gitRoot = dir;
    if (dirname(dir) === dir) break;
  }
  return join(gitRoot ?? resolve(cwd), '.flowforge.env');
}

/** Resolves every daemon path from the environment and cwd. */
export function resolveDaemonPaths(env: NodeJS.ProcessEnv, cwd: string): DaemonPaths {
  const dbPath = resolve(cwd, defaultDbPath(env));
  const explicitDir = env.FLOWFORGE_DATA_DIR;
  const dataDir = explicitDir !== undefined && explicitDir !== '' ? resolve(cwd, explicitDir) : dirname(dbPath);
  return {
    envFile: resolveEnvFile(env, cwd),
    dataDir,
    pidFile: join(dataDir, 'daemon.pid'),
    logFile: join(dataDir, 'daemon.log'),
    dbPath,
  };
}

/** Starts a detached background process whose output goes to a log file. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Options of spawnDetached. */
export interface DetachedSpawn {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/** Spawns the process in its own session (survives the terminal), appending stdout/stderr to logFile. */
export function spawnDetached(options: DetachedSpawn): { pid: number; exited: () => number | null } {
  mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
  const fd = openSync(options.logFile, 'a', 0o600);
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    let code: number | null = null;
    child.on('exit', (exitCode, signal) => (code = exitCode ?? (signal === null ? 1 : 128)));
    child.on('error', () => (code = 127));
    child.unref();
    return { pid: child.pid ?? -1, exited: () => code };
  } finally {
    closeSync(fd);
  }
}

/** The argv that re-runs this CLI (node + its exec flags + the entry script). */
export function selfCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: [...process.execArgv, process.argv[1] ?? ''] };
}

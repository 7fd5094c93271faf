/** The daemon's pid file: claimed exclusively so a second start refuses, and read by `daemon status`. */
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { makeDirectory } from '../adapters/make-dir.js';
import { isProcessAlive, isRecordedProcessAlive } from '../adapters/process-alive.js';
import { dirname } from 'node:path';
import { FlowForgeError } from '../errors.js';
import { writePrivateFile } from './key-file.js';

export { isProcessAlive };

/** Whether the daemon a pid file describes still runs (not a later program that got its pid). */
export function isDaemonAlive(info: DaemonInfo): boolean {
  return isRecordedProcessAlive(info.pid, info.startedAtMs);
}

/** What a running daemon publishes about itself. */
export interface DaemonInfo {
  pid: number;
  startedAtMs: number;
  /** Filled in once the server listens. */
  url: string | null;
  host: string | null;
  port: number | null;
  dbPath: string;
  envFile: string;
  logFile: string | null;
}

/** Reads the pid file, or null when it is absent or unreadable. */
export function readPidFile(path: string): DaemonInfo | null {
  if (!existsSync(path)) return null;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<DaemonInfo>;
    return typeof value.pid === 'number' && typeof value.dbPath === 'string' ? (value as DaemonInfo) : null;
  } catch {
    // A half-written or foreign file is treated as no daemon; claimPidFile replaces it if stale.
    return null;
  }
}

/** Claims the pid file exclusively; replaces a stale one; throws DAEMON_ALREADY_RUNNING when live. */
export function claimPidFile(path: string, info: DaemonInfo): { update(info: DaemonInfo): void; release(): void } {
  makeDirectory(dirname(path));
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const existing = readPidFile(path);
      if (existing !== null && isDaemonAlive(existing)) {
        throw new FlowForgeError(
          'DAEMON_ALREADY_RUNNING',
          `A FlowForge daemon already runs (pid ${existing.pid}${existing.url === null ? '' : `, ${existing.url}`}); stop it with \`flowforge daemon stop\`.`,
        );
      }
      unlinkSync(path);
    }
  }
  return {
    update(next) {
      writePrivateFile(path, JSON.stringify(next));
    },
    release() {
      if (readPidFile(path)?.pid === info.pid) unlinkSync(path);
    },
  };
}

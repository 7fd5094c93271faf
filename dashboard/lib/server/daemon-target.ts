/**
 * Where the daemon is and which key to send it, read on the server at request time: the process
 * environment first, then the .flowforge.env file (FLOWFORGE_ENV_FILE, else the nearest one in the
 * working directory or a parent, as the daemon finds it, else ../.flowforge.env).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseEnvFile } from './env-file';

/** The daemon's address when neither the environment nor the env file names one. */
export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = '8080';

/** The daemon the proxy talks to; the key stays on the server. */
export interface DaemonTarget {
  baseUrl: string;
  key: string | null;
  /** The env file consulted (whether or not it exists), for messages. */
  envFile: string;
}

/** Environment variables as read (process.env or a plain object in tests). */
export type EnvValues = Readonly<Record<string, string | undefined>>;

let cache: { file: string; mtimeMs: number; values: Record<string, string> } | null = null;

function readEnvFile(file: string): Record<string, string> {
  try {
    const { mtimeMs } = statSync(file);
    if (cache?.file === file && cache.mtimeMs === mtimeMs) return cache.values;
    const values = parseEnvFile(readFileSync(file, 'utf8'));
    cache = { file, mtimeMs, values };
    return values;
  } catch {
    // a missing or unreadable file means "no values from the file"; the UI says what to set
    return {};
  }
}

const nonEmpty = (value: string | undefined): string | null =>
  value === undefined || value.trim() === '' ? null : value.trim();

/** Finds the env file the way the daemon does, so both read the same key. */
export function findEnvFile(env: EnvValues, cwd: string): string {
  const explicit = nonEmpty(env.FLOWFORGE_ENV_FILE);
  if (explicit !== null) return path.resolve(cwd, explicit);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.flowforge.env');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  return path.resolve(cwd, '../.flowforge.env');
}

/** Resolves the daemon target from env (highest) and the env file; re-reads the file when it changes. */
export function readDaemonTarget(env: EnvValues = process.env, cwd: string = process.cwd()): DaemonTarget {
  const envFile = findEnvFile(env, cwd);
  const file = readEnvFile(envFile);
  const pick = (name: string): string | null => nonEmpty(env[name]) ?? nonEmpty(file[name]);
  const host = pick('FLOWFORGE_API_HOST') ?? DEFAULT_API_HOST;
  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const baseUrl = pick('FLOWFORGE_API_URL') ?? `http://${hostInUrl}:${pick('FLOWFORGE_API_PORT') ?? DEFAULT_API_PORT}`;
  return { baseUrl: baseUrl.replace(/\/+$/, ''), key: pick('FLOWFORGE_API_KEY'), envFile };
}

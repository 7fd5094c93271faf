/** Finds the daemon the CLI talks to: its pid file, whether it lives, its URL and the API key. */
import { isDaemonAlive, readApiKey, readPidFile, resolveDaemonPaths } from '@flowforge/daemon/server';
import type { DaemonInfo, DaemonPaths } from '@flowforge/daemon/server';

/** What the CLI knows about the local daemon. */
export interface DaemonLocation {
  paths: DaemonPaths;
  /** The pid file's content when its process is alive (and is the daemon, not a later owner of its pid), else null. */
  running: DaemonInfo | null;
  /** FLOWFORGE_API_KEY from env, else from the running daemon's key file, else from the discovered one. */
  key: string | null;
}

/** Locates the daemon for env and cwd. */
export function locateDaemon(env: NodeJS.ProcessEnv, cwd: string): DaemonLocation {
  const paths = resolveDaemonPaths(env, cwd);
  const info = readPidFile(paths.pidFile);
  const running = info !== null && isDaemonAlive(info) ? info : null;
  const fromEnv = env.FLOWFORGE_API_KEY;
  const key = fromEnv !== undefined && fromEnv !== '' ? fromEnv : readApiKey(running?.envFile ?? paths.envFile);
  return { paths, running, key };
}

/** GETs a daemon path with the key; resolves null on any network failure. */
export async function getJson<T>(url: string, key: string | null, timeoutMs = 2000): Promise<T | null> {
  try {
    const response = await fetch(url, {
      headers: key === null ? {} : { Authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    // Not listening (yet) or timed out: the caller reports "not answering".
    return null;
  }
}

/** Polls check every 100 ms until it resolves true or timeoutMs passes. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Direct reads of the daemon's API with the key, so tests can find runs and their pids. */
import type { RunRecord, RunsResponse } from '@flowforge/daemon/contract';

/** GETs a daemon path with the key and returns the JSON body. */
export async function daemonGet<T>(baseUrl: string, key: string, pathname: string): Promise<T> {
  const response = await fetch(`${baseUrl}${pathname}`, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new Error(`GET ${pathname}: HTTP ${String(response.status)} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The newest run with this name, or null. */
export async function findRun(baseUrl: string, key: string, name: string): Promise<RunRecord | null> {
  const { runs } = await daemonGet<RunsResponse>(baseUrl, key, '/v1/runs?limit=500');
  return runs.find((run) => run.name === name) ?? null;
}

/**
 * Process helpers for the end-to-end tests: start commands in their own process group, wait on
 * conditions (never fixed sleeps), and kill every group that was started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A started process; its pid is also its process group id. */
export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  exited(): boolean;
}

const started = new Set<Started>();

/** Starts command in a new process group and records it for killAll. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}: ${command} ${args.join(' ')}`);
  let text = '';
  let done = false;
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  child.on('exit', () => {
    done = true;
  });
  const handle: Started = { name, pid: child.pid, child, output: () => text, exited: () => done };
  started.add(handle);
  return handle;
}

/** True while a process (or, with a negative pid, any member of a process group) exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but is not ours; ESRCH means it is gone
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls check until it returns a value other than null/false, or fails with what after timeoutMs. */
export async function waitFor<T>(
  what: string,
  check: () => T | null | false | Promise<T | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Signals a whole process group; a group that is already gone is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Stops a started process group: SIGTERM, then SIGKILL if it is still there after graceMs. */
export async function stopProcess(handle: Started, graceMs = 5_000): Promise<void> {
  signalGroup(handle.pid, 'SIGTERM');
  try {
    await waitFor(`${handle.name} to exit`, () => !isAlive(-handle.pid), graceMs);
  } catch {
    // it ignored SIGTERM: force it
    signalGroup(handle.pid, 'SIGKILL');
    await waitFor(`${handle.name} to die`, () => !isAlive(-handle.pid), 5_000);
  }
  started.delete(handle);
}

/** Kills every process group started by this module and any extra pids given (e.g. supervised children). */
export async function killAll(extraGroups: readonly number[] = []): Promise<void> {
  for (const pid of extraGroups) signalGroup(pid, 'SIGKILL');
  await Promise.all([...started].map((handle) => stopProcess(handle, 3_000)));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

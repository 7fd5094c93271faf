/** Spawns the supervised command in its own process group, mapping spawn errors to exit codes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { FlowForgeError } from '../errors.js';

export interface SpawnChildOptions {
  command: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** 'inherit' hands our stdin to the child; 'pipe' lets the caller forward it (needed for a TTY). */
  stdin: 'inherit' | 'pipe' | 'ignore';
  /** The child's end of a socket pair (see output-socket.ts), or 'pipe' for Node's own pipe. */
  stdout: Socket | 'pipe';
  stderr: Socket | 'pipe';
}

/** A spawned child that leads its own process group (pgid === pid). */
export interface SpawnedChild {
  child: ChildProcess;
  pid: number;
  pgid: number;
}

/** A path given with a slash: it runs if it is an executable file; else says what it is (as a shell would). */
function resolvePath(file: string, cwd: string): string {
  const candidate = path.resolve(cwd, file);
  let stats;
  try {
    stats = statSync(candidate, { throwIfNoEntry: false });
  } catch {
    stats = undefined; // a path through a file, or unreadable: there is nothing to run
  }
  if (stats === undefined) {
    throw new FlowForgeError('SPAWN_NOT_FOUND', `no such file: ${candidate}: check the path (relative to ${cwd})`);
  }
  if (stats.isDirectory()) {
    throw new FlowForgeError('SPAWN_NOT_EXECUTABLE', `${candidate} is a directory, not a program`);
  }
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    throw new FlowForgeError(
      'SPAWN_NOT_EXECUTABLE',
      `${candidate} is not executable: make it executable (chmod +x) or run it through its interpreter`,
    );
  }
}

/** Finds an executable on PATH the way a shell would (a name with a slash is a path), or explains why it cannot run. */
export function resolveExecutable(file: string, envPath: string | undefined, cwd: string): string {
  if (file.includes('/')) return resolvePath(file, cwd);
  const candidates = (envPath ?? '')
    .split(':')
    .filter(Boolean)
    .map((dir) => path.join(dir, file));
  let notExecutable: string | null = null;
  for (const candidate of candidates) {
    // No exception for the usual miss: a long PATH would build (and throw away) one per entry.
    let stats;
    try {
      stats = statSync(candidate, { throwIfNoEntry: false });
    } catch {
      continue; // unreadable (e.g. a PATH entry under a file): try the next one
    }
    if (stats === undefined || !stats.isFile()) continue; // not there: try the next PATH entry
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      notExecutable ??= candidate;
    }
  }
  if (notExecutable !== null) {
    throw new FlowForgeError(
      'SPAWN_NOT_EXECUTABLE',
      `${notExecutable} is not executable: make it executable (chmod +x) or run it through its interpreter`,
    );
  }
  throw new FlowForgeError(
    'SPAWN_NOT_FOUND',
    `command not found: ${file}: check the spelling, or give its path (PATH has ${candidates.length} entries)`,
  );
}

/** The interpreter a script's `#!` line names, as the kernel reads it (a trailing `\r` kept), or null. */
export function shebangInterpreter(file: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(256);
    const bytes = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, bytes).toString('latin1');
    if (!text.startsWith('#!')) return null;
    // Not trimmed at the end: a carriage return kept on the interpreter is what we must be able to name.
    const line = (text.slice(2).split('\n')[0] ?? '').trimStart();
    return line.split(/[ \t]+/)[0] || null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Says why the kernel refused to run `executable` (found and executable, so the failure is the exec
 * itself), as a shell would: a missing or non-executable `#!` interpreter, a file of a format this
 * system cannot run, a working directory that is gone.
 */
export function explainExecFailure(
  file: string,
  executable: string,
  cwd: string,
  code: string | undefined,
): FlowForgeError {
  const interpreter = shebangInterpreter(executable);
  if (code === 'ENOENT') {
    if (interpreter !== null && /\r$/.test(interpreter)) {
      return new FlowForgeError(
        'SPAWN_NOT_FOUND',
        `${executable}: bad interpreter: its #! line ends in a carriage return (Windows line endings): convert the file with dos2unix or sed -i 's/\\r$//'`,
      );
    }
    if (interpreter !== null) {
      return new FlowForgeError(
        'SPAWN_NOT_FOUND',
        `${executable}: bad interpreter: ${interpreter.trimEnd()} (named on its #! line) does not exist: install it or fix that line`,
      );
    }
    return new FlowForgeError(
      'SPAWN_NOT_FOUND',
      `could not start ${file}: no such file or directory (working directory ${cwd})`,
    );
  }
  if (code === 'EACCES') {
    const what = interpreter === null ? executable : `${interpreter} (the #! interpreter of ${executable})`;
    return new FlowForgeError('SPAWN_NOT_EXECUTABLE', `could not start ${file}: permission denied running ${what}`);
  }
  if (code === 'ENOEXEC') {
    return new FlowForgeError(
      'SPAWN_NOT_EXECUTABLE',
      `could not start ${file}: exec format error: ${executable} is not a program this system can run (give a script a #! line, or run it through its interpreter)`,
    );
  }
  return new FlowForgeError(
    'SPAWN_FAILED',
    `could not start ${file}: the system refused to create the process (${code ?? 'unknown error'})`,
  );
}

/** Spawns the command detached into a new process group; rejects with a FlowForgeError when it cannot start. */
export async function spawnChild(options: SpawnChildOptions): Promise<SpawnedChild> {
  const [file, ...args] = options.command;
  if (file === undefined || file === '') {
    throw new FlowForgeError('USAGE', 'no command given: use flowforge run [options] -- <command> [args...]');
  }
  const executable = resolveExecutable(file, options.env['PATH'], options.cwd);
  const child = spawn(executable, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [options.stdin, options.stdout, options.stderr],
    argv0: file,
  });
  if (child.pid === undefined) {
    // Node reports why on the next tick, as an 'error' event: unheard, it would end our process.
    const [error] = (await once(child, 'error')) as [NodeJS.ErrnoException];
    throw explainExecFailure(file, executable, options.cwd, error.code);
  }
  return { child, pid: child.pid, pgid: child.pid };
}

/** Test harness: runs the built `flowforge` CLI as a real process and inspects what it left behind. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'cli/bin/flowforge.cjs');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  pid: number;
  result: Promise<CliResult>;
  stdoutSoFar(): string;
  stderrSoFar(): string;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `flowforge <args>` from the repo root with a private DB unless the caller gives one. */
export function startCli(
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, CI: 'false', GITHUB_ACTIONS: 'false', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else child.stdin.end();
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
  if (child.pid === undefined) throw new Error('could not start the CLI');
  return {
    pid: child.pid,
    result,
    stdoutSoFar: () => stdout,
    stderrSoFar: () => stderr,
    kill: (signal) => child.kill(signal),
  };
}

/** Runs `flowforge <args>` to completion. */
export function runCli(
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return startCli(args, opts).result;
}

/** A temp dir removed by the returned cleanup. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowforge-test-'));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A temp dir (and the path of a database in it) for the tests of one file: made when the file is
 * collected, removed after its tests. Call it at the top level of a test file.
 */
export function useTempDir(): { dir: string; db: string } {
  const tmp = makeTempDir();
  afterAll(() => {
    tmp.cleanup();
  });
  return { dir: tmp.dir, db: path.join(tmp.dir, 'runs.db') };
}

/** Pids of live (non-zombie) processes whose process group is pgid. */
export function livePidsInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/** Waits until predicate() is true, polling; throws with the description on timeout. */
export async function waitFor(predicate: () => boolean, description: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Kills every live process of a group (test cleanup). */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

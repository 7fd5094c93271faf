// Shared helpers of the benchmark drivers: paths, statistics, child processes, /proc readers and the
// driver contract (human progress on stderr, one JSON result line on stdout).
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of the repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The CLI under test; FLOWFORGE_BIN overrides ./flowforge. */
export const FLOWFORGE = process.env.FLOWFORGE_BIN ?? join(REPO_ROOT, 'flowforge');

/** Throws a clear error when the CLI is missing, so a driver fails fast instead of timing garbage. */
export function assertFlowforge() {
  if (!existsSync(FLOWFORGE)) {
    throw new Error(
      `expected the FlowForge CLI at ${FLOWFORGE}, found nothing; build it (npm run build) or set FLOWFORGE_BIN`,
    );
  }
}

/** A number from the environment, or the default when unset or not a positive number. */
export function envNumber(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Extra CLI flags from the environment (split on whitespace), e.g. BENCH_LOOP_FLAGS="--cpu-window 3s". */
export function envFlags(name, fallback = []) {
  const text = process.env[name];
  return text === undefined ? fallback : text.split(/\s+/).filter((part) => part.length > 0);
}

/** The median of a list of numbers (null for an empty list). */
export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to `digits` decimals, keeping null as null. */
export function round(value, digits = 3) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One measured figure with its goal; `pass` is null when there is no value or no goal. */
export function metric(name, value, unit, goal = null) {
  let pass = null;
  if (goal !== null && value !== null) pass = goal.op === '<=' ? value <= goal.value : value >= goal.value;
  return { name, value: round(value, 4), unit, goal, pass };
}

/** A fresh temp directory, removed by the returned cleanup function. */
export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `flowforge-bench-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

const liveGroups = new Set();
const livePids = new Set();

/** Remembers a pid to SIGKILL if the driver is interrupted or forgets it. */
export function trackPid(pid) {
  livePids.add(pid);
}

/** Kills every remembered process and process group that is still alive. */
export function killTracked() {
  for (const pgid of liveGroups) killQuietly(-pgid);
  for (const pid of livePids) killQuietly(pid);
  liveGroups.clear();
  livePids.clear();
}

function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone: nothing to clean up
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killTracked();
    process.exit(130);
  });
}

/**
 * Spawns a command in its own process group (tracked for cleanup) and resolves when it exits with
 * { code, signal, ms, stderrTail }. `onStdoutLine` receives stdout lines when given; else stdout is dropped.
 */
export function runTimed(command, args, { onStdoutLine, onSpawn, env, cwd = REPO_ROOT } = {}) {
  return new Promise((resolveRun, rejectRun) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', onStdoutLine ? 'pipe' : 'ignore', 'pipe'],
    });
    liveGroups.add(child.pid);
    onSpawn?.(child);
    let stderrTail = '';
    child.stderr.on('data', (chunk) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    if (onStdoutLine) {
      let pending = '';
      child.stdout.on('data', (chunk) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onStdoutLine(line, performance.now());
      });
    }
    child.on('error', rejectRun);
    child.on('close', (code, signal) => {
      liveGroups.delete(child.pid);
      resolveRun({ code, signal, ms: performance.now() - started, stderrTail });
    });
  });
}

/** Fields of /proc/<pid>/stat that the benches use, or null when the process is gone. */
export function readProcStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); utime..cstime are fields 14..17.
  return {
    comm,
    state: f[0],
    ppid: Number(f[1]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    cutime: Number(f[13]),
    cstime: Number(f[14]),
  };
}

/** VmRSS of a process in bytes, or null when it is gone or a zombie. */
export function readRssBytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second for /proc times. */
export function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Reads a JSON file, or null when it is missing or unparsable. */
export function readJsonOrNull(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Logs a progress line on stderr (stdout carries the JSON result). */
export function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * Runs `bench()` when the file is executed directly and prints its result as one JSON line on stdout:
 * { bench, metrics: [{ name, value, unit, goal, pass }], details } or { bench, error }.
 */
export async function runDriver(moduleUrl, name, bench) {
  if (process.argv[1] === undefined || pathToFileURL(resolve(process.argv[1])).href !== moduleUrl) return;
  let result;
  try {
    result = { bench: name, ...(await bench()) };
  } catch (error) {
    result = { bench: name, error: error instanceof Error ? error.message : String(error) };
    process.exitCode = 1;
  } finally {
    killTracked();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

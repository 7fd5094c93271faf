// Runs every benchmark driver (scripts/bench/*.mjs except this file) one after another, each in its own
// Node process, prints a table and writes artifacts/bench/results.json.
// Usage: node scripts/bench/run-all.mjs [--strict] [driver-name ...]   (--strict: exit 1 on a missed goal)
// Driver contract: progress on stderr, one JSON line on stdout: { bench, metrics: [...], details } or { bench, error }.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT, envNumber } from './lib/common.mjs';

const BENCH_DIR = join(REPO_ROOT, 'scripts/bench');
const PREFERRED_ORDER = ['startup', 'passthrough', 'idle-cost', 'memory-reaction', 'loop-kill'];

/** Driver names on disk, the five core benches first, then any others alphabetically. */
function listDrivers() {
  const names = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
    .map((f) => basename(f, '.mjs'));
  const rank = (name) => (PREFERRED_ORDER.includes(name) ? PREFERRED_ORDER.indexOf(name) : PREFERRED_ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Runs one driver and resolves with its parsed result (or an error result). */
function runDriver(name, timeoutMs) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, `${name}.mjs`)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun(parseResult(name, stdout, code, signal));
    });
  });
}

/**
 * A contract result (last stdout line is `{ bench, ... }`), else the driver's own JSON (`raw`) or its
 * stdout tail (`output`), so drivers that predate the contract are still recorded; non-zero exit = error.
 */
function parseResult(name, stdout, code, signal) {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(last);
    if (parsed !== null && typeof parsed === 'object' && parsed.bench === name) return parsed;
  } catch {
    // not a contract line: fall through to the other shapes
  }
  if (code !== 0) {
    process.stderr.write(stdout.slice(-3000));
    return {
      bench: name,
      error: `driver exited ${code ?? signal}${signal ? ' (timed out?)' : ''} without a JSON result`,
    };
  }
  process.stderr.write(stdout);
  try {
    return { bench: name, raw: JSON.parse(stdout) };
  } catch {
    return { bench: name, output: stdout.slice(-3000) };
  }
}

function formatValue(m) {
  return m.value === null ? 'n/a' : `${m.value} ${m.unit}`;
}

function printTable(results) {
  const rows = [['bench', 'metric', 'value', 'goal', 'pass']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.bench, 'ERROR', r.error.slice(0, 100), '', 'no']);
      continue;
    }
    if (!Array.isArray(r.metrics)) {
      rows.push([r.bench, '(no metrics: its output is above and in results.json)', '', '', '']);
      continue;
    }
    for (const m of r.metrics) {
      const goal = m.goal ? `${m.goal.op} ${m.goal.value}` : '';
      rows.push([r.bench, m.name, formatValue(m), goal, m.pass === null ? '' : m.pass ? 'yes' : 'NO']);
    }
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, col) => cell.padEnd(widths[col])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const wanted = args.filter((a) => !a.startsWith('--'));
const available = listDrivers();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const drivers = wanted.length > 0 ? wanted : available;
const timeoutMs = envNumber('BENCH_DRIVER_TIMEOUT_S', 900) * 1000;
const startedAt = new Date().toISOString();
const results = [];
for (const name of drivers) {
  console.error(`== ${name}`);
  results.push(await runDriver(name, timeoutMs));
}
printTable(results);
const report = {
  startedAt,
  finishedAt: new Date().toISOString(),
  host: {
    kernel: release(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuCount: cpus().length,
    totalMemMiB: Math.round(totalmem() / 1048576),
    loadavg: loadavg(),
  },
  node: process.version,
  results,
};
const outDir = join(REPO_ROOT, 'artifacts/bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.error(`wrote ${join(outDir, 'results.json')}`);
const errored = results.some((r) => r.error);
const missed = results.some((r) => r.metrics?.some((m) => m.pass === false));
process.exit(errored || (strict && missed) ? 1 : 0);

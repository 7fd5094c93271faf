// Memory reaction: fixtures/memory_leaker.py grows at 200 MiB/s under --max-memory-mb 300 (MB = 10^6 bytes). The driver
// polls the leaker's VmRSS every 10 ms itself: reaction = time from the first poll over the limit to the
// first poll that finds it dead (gone or zombie); overshoot = (peak RSS - limit) / limit. The summary JSON
// (kill action at_ms, memory_peak_mb) is recorded alongside. Median of N. Goals: ≤ 0.5 s and ≤ 10%.
// Knobs: BENCH_MEMORY_N (default 5), BENCH_MEMORY_LIMIT_MB (300), BENCH_MEMORY_RATE_MB (200), BENCH_MEMORY_FLAGS.
import { join } from 'node:path';
import {
  FLOWFORGE,
  REPO_ROOT,
  assertFlowforge,
  envFlags,
  envNumber,
  log,
  makeTempDir,
  median,
  metric,
  readJsonOrNull,
  readProcStat,
  readRssBytes,
  runDriver,
  runTimed,
  trackPid,
} from './lib/common.mjs';

const MB = 1e6; // --max-memory-mb counts decimal MB (daemon/src/config/units.ts)
const POLL_MS = 10;

/** One supervised leak; returns the observed reaction, overshoot and the summary's view. */
async function measureOnce({ limitMb, rateMb, dir }) {
  const limitBytes = limitMb * MB;
  const summaryPath = join(dir, 'summary.json');
  const args = [
    'run',
    '--quiet',
    '--db',
    join(dir, 'bench.db'),
    '--summary-json',
    summaryPath,
    '--max-memory-mb',
    String(limitMb),
  ];
  const leaker = [
    'python3',
    join(REPO_ROOT, 'fixtures/memory_leaker.py'),
    '--rate-mb',
    String(rateMb),
    '--cap-mb',
    String(limitMb * 2),
    '--duration',
    '15',
  ];
  const watch = { pid: null, crossedAt: null, deadAt: null, peakBytes: 0, timer: null };
  const poll = () => {
    const now = performance.now();
    const stat = readProcStat(watch.pid);
    const rss = readRssBytes(watch.pid);
    if (stat === null || stat.state === 'Z' || rss === null) {
      watch.deadAt = now;
      clearInterval(watch.timer);
      return;
    }
    watch.peakBytes = Math.max(watch.peakBytes, rss);
    if (watch.crossedAt === null && rss > limitBytes) watch.crossedAt = now;
  };
  const run = await runTimed(FLOWFORGE, [...args, ...envFlags('BENCH_MEMORY_FLAGS'), '--', ...leaker], {
    onStdoutLine: (line) => {
      const match = /memory_leaker pid=(\d+)/.exec(line);
      if (match && watch.pid === null) {
        watch.pid = Number(match[1]);
        trackPid(watch.pid);
        watch.timer = setInterval(poll, POLL_MS);
      }
    },
  });
  clearInterval(watch.timer);
  if (watch.pid === null)
    throw new Error(`the leaker never printed its pid (flowforge exited ${run.code}): ${run.stderrTail}`);
  const summary = readJsonOrNull(summaryPath);
  const kill = summary?.actions?.find((a) => a.action === 'kill') ?? null;
  const killed = watch.crossedAt !== null && watch.deadAt !== null && kill !== null;
  return {
    killed,
    reactionMs: killed ? watch.deadAt - watch.crossedAt : null,
    overshootPercent: killed ? ((watch.peakBytes - limitBytes) / limitBytes) * 100 : null,
    peakMb: watch.peakBytes / MB,
    summaryKillAtMs: kill?.at_ms ?? null,
    summaryMemoryPeakMb: summary?.memory_peak_mb ?? null,
    terminationReason: summary?.termination_reason ?? null,
    exitCode: run.code,
  };
}

/** Measures kill latency and overshoot over N leaks; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const n = envNumber('BENCH_MEMORY_N', 5);
  const limitMb = envNumber('BENCH_MEMORY_LIMIT_MB', 300);
  const rateMb = envNumber('BENCH_MEMORY_RATE_MB', 200);
  const runs = [];
  for (let i = 0; i < n; i += 1) {
    const tmp = makeTempDir('memory');
    try {
      const result = await measureOnce({ limitMb, rateMb, dir: tmp.dir });
      log(
        `memory-reaction ${i + 1}/${n}: ${result.killed ? `killed ${result.reactionMs.toFixed(0)} ms after crossing, peak ${result.peakMb.toFixed(0)} MB` : `NOT killed (${result.terminationReason ?? 'no summary'})`}`,
      );
      runs.push(result);
    } finally {
      tmp.cleanup();
    }
  }
  const killedRuns = runs.filter((r) => r.killed);
  const allKilled = killedRuns.length === n;
  return {
    metrics: [
      metric(
        'kill after crossing the limit',
        allKilled ? median(killedRuns.map((r) => r.reactionMs)) / 1000 : null,
        's',
        { op: '<=', value: 0.5 },
      ),
      metric('RSS overshoot', allKilled ? median(killedRuns.map((r) => r.overshootPercent)) : null, '%', {
        op: '<=',
        value: 10,
      }),
      metric('runs killed', killedRuns.length, `of ${n}`, { op: '>=', value: n }),
    ],
    details: { n, limitMb, rateMb, pollMs: POLL_MS, runs },
  };
}

await runDriver(import.meta.url, 'memory-reaction', bench);

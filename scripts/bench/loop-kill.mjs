// Loop kill: fixtures/infinite_looper.py under default flags; time from start to the kill action
// (summary JSON actions[].at_ms), median of N. Goal: ≤ 5 s. Wall time to exit is recorded too.
// Knobs: BENCH_LOOP_N (default 5), BENCH_LOOP_FLAGS (extra run flags).
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
  runDriver,
  runTimed,
} from './lib/common.mjs';

/** Measures time-to-kill of a CPU loop over N runs; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const n = envNumber('BENCH_LOOP_N', 5);
  const runs = [];
  for (let i = 0; i < n; i += 1) {
    const tmp = makeTempDir('loop');
    try {
      const summaryPath = join(tmp.dir, 'summary.json');
      const args = [
        'run',
        '--quiet',
        '--db',
        join(tmp.dir, 'bench.db'),
        '--summary-json',
        summaryPath,
        ...envFlags('BENCH_LOOP_FLAGS'),
      ];
      const run = await runTimed(FLOWFORGE, [
        ...args,
        '--',
        'python3',
        join(REPO_ROOT, 'fixtures/infinite_looper.py'),
        '--duration',
        '30',
      ]);
      const summary = readJsonOrNull(summaryPath);
      const kill = summary?.actions?.find((a) => a.action === 'kill') ?? null;
      const result = {
        killAtMs: kill?.at_ms ?? null,
        wallMs: run.ms,
        detectors: kill?.detectors ?? [],
        terminationReason: summary?.termination_reason ?? null,
        exitCode: run.code,
      };
      log(
        `loop-kill ${i + 1}/${n}: ${result.killAtMs === null ? `NOT killed (${result.terminationReason ?? 'no summary'})` : `killed at ${result.killAtMs} ms by ${result.detectors.join('+')}`}`,
      );
      runs.push(result);
    } finally {
      tmp.cleanup();
    }
  }
  const allKilled = runs.every((r) => r.killAtMs !== null);
  return {
    metrics: [
      metric('start to kill', allKilled ? median(runs.map((r) => r.killAtMs)) / 1000 : null, 's', {
        op: '<=',
        value: 5,
      }),
      metric('start to exit (wall)', median(runs.map((r) => r.wallMs)) / 1000, 's'),
      metric('runs killed', runs.filter((r) => r.killAtMs !== null).length, `of ${n}`, { op: '>=', value: n }),
    ],
    details: { n, runs },
  };
}

await runDriver(import.meta.url, 'loop-kill', bench);

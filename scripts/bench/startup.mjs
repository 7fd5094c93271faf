// Startup cost: wall time of `flowforge run -- true` against `node -e 0`, interleaved, median of N.
// Goal: ratio ≤ 1.5. Knobs: BENCH_STARTUP_N (default 20), BENCH_STARTUP_FLAGS (extra run flags).
import { join } from 'node:path';
import {
  FLOWFORGE,
  assertFlowforge,
  envFlags,
  envNumber,
  log,
  makeTempDir,
  median,
  metric,
  runDriver,
  runTimed,
} from './lib/common.mjs';

/** Measures the startup ratio; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const n = envNumber('BENCH_STARTUP_N', 20);
  const tmp = makeTempDir('startup');
  try {
    const ffArgs = [
      'run',
      '--quiet',
      '--db',
      join(tmp.dir, 'bench.db'),
      ...envFlags('BENCH_STARTUP_FLAGS'),
      '--',
      'true',
    ];
    const baseline = () => runTimed(process.execPath, ['-e', '0']);
    const supervised = () => runTimed(FLOWFORGE, ffArgs);
    // Warm-up (page cache, DB creation and migrations), not counted.
    await baseline();
    const first = await supervised();
    if (first.code !== 0) throw new Error(`flowforge run -- true exited ${first.code}: ${first.stderrTail}`);
    const nodeMs = [];
    const ffMs = [];
    for (let i = 0; i < n; i += 1) {
      nodeMs.push((await baseline()).ms);
      const run = await supervised();
      if (run.code !== 0)
        throw new Error(`flowforge run -- true exited ${run.code} on repetition ${i}: ${run.stderrTail}`);
      ffMs.push(run.ms);
    }
    const nodeMedian = median(nodeMs);
    const ffMedian = median(ffMs);
    // How far the machine's noise moves the ratio: each run against the baseline run next to it.
    const paired = ffMs.map((ms, i) => ms / nodeMs[i]).sort((a, b) => a - b);
    const quartile = (q) => paired[Math.round((paired.length - 1) * q)];
    log(
      `startup: flowforge ${ffMedian.toFixed(1)} ms, node -e 0 ${nodeMedian.toFixed(1)} ms (median of ${n}); ` +
        `paired ratios p25-p75 ${quartile(0.25).toFixed(2)}-${quartile(0.75).toFixed(2)}`,
    );
    return {
      metrics: [
        metric('startup ratio (flowforge / node -e 0)', ffMedian / nodeMedian, 'x', { op: '<=', value: 1.5 }),
        metric('paired ratio, 25th percentile', quartile(0.25), 'x'),
        metric('paired ratio, 75th percentile', quartile(0.75), 'x'),
        metric('flowforge run -- true', ffMedian, 'ms'),
        metric('node -e 0', nodeMedian, 'ms'),
      ],
      details: { n, flowforgeMs: ffMs, nodeMs },
    };
  } finally {
    tmp.cleanup();
  }
}

await runDriver(import.meta.url, 'startup', bench);

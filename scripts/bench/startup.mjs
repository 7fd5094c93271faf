// Startup cost: wall time of `flowforge run -- true` against `node -e 0`, interleaved, median of N.
// Goal: ratio ≤ 1.5. Knobs: BENCH_STARTUP_N (default 60), BENCH_STARTUP_FLAGS (extra run flags).
//
// Besides the goal's ratio, each round also times a floor: a bare Node that spawns `true` with its
// output piped, the least any Node supervisor does, so what FlowForge itself adds can be read apart
// from what Node costs. The ratio comes with a bootstrap 95% interval (rounds resampled), so a verdict
// near the line can be told from the machine's noise. When NODE_EXTRA_CA_CERTS is set, Node loads that
// CA bundle at every start (tens of ms here), which inflates the baseline and so flatters the ratio:
// the same measurement is then repeated without it (BENCH_STARTUP_N / 2 rounds) and reported apart.
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

/** Node spawning `true` with piped output and waiting for it: the floor of any Node supervisor. */
const FLOOR_SCRIPT =
  "const c=require('node:child_process').spawn('true',{stdio:['inherit','pipe','pipe']});c.stdout.resume();c.stderr.resume()";

/** Measures the startup ratio; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const n = envNumber('BENCH_STARTUP_N', 60);
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
    const here = await measure(ffArgs, n, {});
    log(`startup: ${describe(here)}`);
    const metrics = [
      metric('startup ratio (flowforge / node -e 0)', here.ratio, 'x', { op: '<=', value: 1.5 }),
      metric('ratio, 95% interval low (bootstrap)', here.interval[0], 'x'),
      metric('ratio, 95% interval high (bootstrap)', here.interval[1], 'x'),
      metric('floor ratio (node spawning true / node -e 0)', here.floorRatio, 'x'),
      metric('flowforge run -- true', here.ffMs, 'ms'),
      metric('node spawning true (floor)', here.floorMs, 'ms'),
      metric('node -e 0', here.nodeMs, 'ms'),
    ];
    const details = { n, here: here.runs };
    if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
      const clean = await measure(ffArgs, Math.max(10, Math.round(n / 2)), { NODE_EXTRA_CA_CERTS: undefined });
      log(`startup without NODE_EXTRA_CA_CERTS: ${describe(clean)}`);
      metrics.push(
        metric('ratio without NODE_EXTRA_CA_CERTS', clean.ratio, 'x'),
        metric('ratio without NODE_EXTRA_CA_CERTS, 95% interval low', clean.interval[0], 'x'),
        metric('ratio without NODE_EXTRA_CA_CERTS, 95% interval high', clean.interval[1], 'x'),
        metric('floor ratio without NODE_EXTRA_CA_CERTS', clean.floorRatio, 'x'),
        metric('node -e 0 without NODE_EXTRA_CA_CERTS', clean.nodeMs, 'ms'),
      );
      details.withoutExtraCaCerts = clean.runs;
    }
    return { metrics, details };
  } finally {
    tmp.cleanup();
  }
}

/** `rounds` interleaved rounds of baseline, floor and flowforge in one environment (after a warm-up). */
async function measure(ffArgs, rounds, env) {
  const baseline = () => runTimed(process.execPath, ['-e', '0'], { env });
  const floor = () => runTimed(process.execPath, ['-e', FLOOR_SCRIPT], { env });
  const supervised = () => runTimed(FLOWFORGE, ffArgs, { env });
  // Warm-up (page cache, code cache, DB directory), not counted.
  await baseline();
  await floor();
  const first = await supervised();
  if (first.code !== 0) throw new Error(`flowforge run -- true exited ${first.code}: ${first.stderrTail}`);
  const runs = { nodeMs: [], floorMs: [], flowforgeMs: [] };
  for (let i = 0; i < rounds; i += 1) {
    runs.nodeMs.push((await baseline()).ms);
    runs.floorMs.push((await floor()).ms);
    const run = await supervised();
    if (run.code !== 0)
      throw new Error(`flowforge run -- true exited ${run.code} on repetition ${i}: ${run.stderrTail}`);
    runs.flowforgeMs.push(run.ms);
  }
  const nodeMs = median(runs.nodeMs);
  const ffMs = median(runs.flowforgeMs);
  const floorMs = median(runs.floorMs);
  return {
    nodeMs,
    ffMs,
    floorMs,
    ratio: ffMs / nodeMs,
    floorRatio: floorMs / nodeMs,
    interval: bootstrapRatioInterval(runs.flowforgeMs, runs.nodeMs),
    runs,
  };
}

function describe(m) {
  return (
    `flowforge ${m.ffMs.toFixed(1)} ms, node -e 0 ${m.nodeMs.toFixed(1)} ms, floor ${m.floorMs.toFixed(1)} ms ` +
    `(medians of ${m.runs.nodeMs.length}); ratio ${m.ratio.toFixed(3)} ` +
    `(95% interval ${m.interval[0].toFixed(3)}-${m.interval[1].toFixed(3)}), floor ${m.floorRatio.toFixed(3)}`
  );
}

/**
 * Percentile bootstrap of the ratio of medians: rounds are resampled whole (a flowforge run with the
 * baseline run next to it), so a slow stretch of the machine moves both sides together.
 */
function bootstrapRatioInterval(ffMs, nodeMs, resamples = 2000) {
  let seed = 0x2545f491;
  const random = () => {
    // xorshift32: deterministic, so the same measurements always give the same interval
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const ratios = [];
  for (let r = 0; r < resamples; r += 1) {
    const ff = [];
    const node = [];
    for (let i = 0; i < ffMs.length; i += 1) {
      const pick = Math.floor(random() * ffMs.length);
      ff.push(ffMs[pick]);
      node.push(nodeMs[pick]);
    }
    ratios.push(median(ff) / median(node));
  }
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(resamples * 0.025)], ratios[Math.floor(resamples * 0.975)]];
}

await runDriver(import.meta.url, 'startup', bench);

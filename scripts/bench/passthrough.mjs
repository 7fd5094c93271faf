// Pass-through throughput: `cat file | cat | wc -c` against `cat file | flowforge run --quiet -- cat | wc -c`
// over a generated file of 100-byte lines, interleaved, median of N. Goal: throughput ratio ≥ 0.5.
// `wc -c` stands in for `cat > /dev/null` in both pipelines so the byte count is checked too.
// Knobs: BENCH_PASSTHROUGH_MB (default 300), BENCH_PASSTHROUGH_N (default 3), BENCH_PASSTHROUGH_FLAGS
// (extra run flags, e.g. "--shadow-mode" if the flood detector stops `cat`).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
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

const LINE_BYTES = 100;
const WORDS = ['fetch', 'parse', 'store', 'index', 'retry', 'emit', 'merge', 'score', 'flush', 'load'];

/** Writes `totalBytes` (rounded down to whole lines) of varied 100-byte log lines to `path`. */
async function writeCorpus(path, totalBytes) {
  const out = createWriteStream(path);
  const lines = Math.floor(totalBytes / LINE_BYTES);
  const perChunk = 10_000;
  for (let start = 0; start < lines; start += perChunk) {
    let chunk = '';
    for (let i = start; i < Math.min(lines, start + perChunk); i += 1) {
      const head = `${String(i).padStart(9, '0')} worker-${i % 17} ${WORDS[i % 10]} item=${(i * 2654435761) % 4294967296} shard=${i % 64} `;
      chunk += head.padEnd(LINE_BYTES - 1, 'x') + '\n';
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines * LINE_BYTES;
}

const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs one pipeline under sh and returns { ms, bytes } (bytes as counted by wc -c). */
async function timePipeline(script) {
  let bytes = null;
  const run = await runTimed('sh', ['-c', script], {
    onStdoutLine: (line) => {
      if (line.trim() !== '') bytes = Number(line.trim());
    },
  });
  if (run.code !== 0) throw new Error(`pipeline exited ${run.code}: ${script}\n${run.stderrTail}`);
  return { ms: run.ms, bytes };
}

/** Measures the pass-through throughput ratio; returns { metrics, details }. */
export async function bench() {
  assertFlowforge();
  const megabytes = envNumber('BENCH_PASSTHROUGH_MB', 300);
  const n = envNumber('BENCH_PASSTHROUGH_N', 5);
  const tmp = makeTempDir('passthrough');
  try {
    const file = join(tmp.dir, 'lines.txt');
    log(`passthrough: generating ${megabytes} MB of ${LINE_BYTES}-byte lines`);
    const size = await writeCorpus(file, megabytes * 1_000_000);
    const flags = ['--quiet', '--db', join(tmp.dir, 'bench.db'), ...envFlags('BENCH_PASSTHROUGH_FLAGS')]
      .map(q)
      .join(' ');
    const baseline = `cat ${q(file)} | cat | wc -c`;
    const supervised = `cat ${q(file)} | ${q(FLOWFORGE)} run ${flags} -- cat | wc -c`;
    // The same pipelines with no input: what each costs before the first byte (for flowforge, Node's
    // own start and ours), so the steady-state rate can be told apart from start-up.
    const baselineEmpty = `cat /dev/null | cat | wc -c`;
    const supervisedEmpty = `cat /dev/null | ${q(FLOWFORGE)} run ${flags} -- cat | wc -c`;
    await timePipeline(baseline); // warm the page cache
    const baseRates = [];
    const ffRates = [];
    const baseSteady = [];
    const ffSteady = [];
    for (let i = 0; i < n; i += 1) {
      const base = await timePipeline(baseline);
      const ff = await timePipeline(supervised);
      const baseEmpty = await timePipeline(baselineEmpty);
      const ffEmpty = await timePipeline(supervisedEmpty);
      baseSteady.push(size / 1e6 / (Math.max(1, base.ms - baseEmpty.ms) / 1000));
      ffSteady.push(size / 1e6 / (Math.max(1, ff.ms - ffEmpty.ms) / 1000));
      if (ff.bytes !== size) {
        throw new Error(
          `flowforge passed ${ff.bytes} of ${size} bytes (was cat stopped by a detector? try BENCH_PASSTHROUGH_FLAGS="--shadow-mode")`,
        );
      }
      baseRates.push(size / 1e6 / (base.ms / 1000));
      ffRates.push(size / 1e6 / (ff.ms / 1000));
    }
    const baseMedian = median(baseRates);
    const ffMedian = median(ffRates);
    const steadyRatio = median(ffSteady) / median(baseSteady);
    log(
      `passthrough: flowforge ${ffMedian.toFixed(0)} MB/s, plain pipe ${baseMedian.toFixed(0)} MB/s (median of ${n})`,
    );
    return {
      metrics: [
        metric('throughput ratio (flowforge / plain pipe)', ffMedian / baseMedian, 'x', { op: '>=', value: 0.5 }),
        metric('flowforge throughput', ffMedian, 'MB/s'),
        metric('plain pipe throughput', baseMedian, 'MB/s'),
        metric('steady-state ratio (start-up of each pipeline subtracted)', steadyRatio, 'x'),
      ],
      details: {
        n,
        bytes: size,
        flowforgeMBps: ffRates,
        baselineMBps: baseRates,
        flowforgeSteadyMBps: ffSteady,
        baselineSteadyMBps: baseSteady,
      },
    };
  } finally {
    tmp.cleanup();
  }
}

await runDriver(import.meta.url, 'passthrough', bench);

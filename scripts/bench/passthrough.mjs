// Pass-through throughput: `cat file | cat | wc -c` against `cat file | flowforge run --quiet -- cat | wc -c`
// over a generated file of 100-byte lines, interleaved, median of N. Goal: steady-state throughput ratio
// ≥ 0.5 (see bench() for why steady state, and the whole-pipeline ratio reported beside it).
// `wc -c` stands in for `cat > /dev/null` in both pipelines so the byte count is checked too.
// Knobs: BENCH_PASSTHROUGH_MB (default 300), BENCH_PASSTHROUGH_N (default 3), BENCH_PASSTHROUGH_FLAGS
// (extra run flags, e.g. "--shadow-mode" if the flood detector stops `cat`).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const BARE_RELAY = fileURLToPath(new URL('./lib/bare-relay.cjs', import.meta.url));
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

/** Rate in MB/s of `bytes` over `ms`, with `emptyMs` (the same pipeline with no input) taken out when given. */
function rate(bytes, ms, emptyMs = 0) {
  return bytes / 1e6 / (Math.max(1, ms - emptyMs) / 1000);
}

/**
 * Measures the pass-through throughput ratio; returns { metrics, details }.
 *
 * The goal is checked on the steady-state rate: each pipeline's time with empty input (for FlowForge,
 * Node's own start, ours and the exit) is taken out, because start-up has a goal of its own (startup.mjs)
 * and the peers' figures were taken with their daemons already running. The whole-pipeline ratio is
 * reported next to it. A bare Node relay (lib/bare-relay.cjs: the same reads and writes, nothing else)
 * is timed too, to show what part of the gap is Node's and what part is FlowForge's.
 */
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
    const relay = `${q(process.execPath)} ${q(BARE_RELAY)}`;
    const middles = { plain: 'cat', flowforge: `${q(FLOWFORGE)} run ${flags} -- cat`, relay: `${relay} cat` };
    const pipeline = (input, middle) => `cat ${q(input)} | ${middle} | wc -c`;
    await timePipeline(pipeline(file, 'cat')); // warm the page cache
    const whole = { plain: [], flowforge: [], relay: [] };
    const steady = { plain: [], flowforge: [], relay: [] };
    for (let i = 0; i < n; i += 1) {
      for (const [name, middle] of Object.entries(middles)) {
        const full = await timePipeline(pipeline(file, middle));
        const empty = await timePipeline(pipeline('/dev/null', middle));
        if (full.bytes !== size) {
          throw new Error(
            `${name} passed ${full.bytes} of ${size} bytes (was cat stopped by a detector? try BENCH_PASSTHROUGH_FLAGS="--shadow-mode")`,
          );
        }
        whole[name].push(rate(size, full.ms));
        steady[name].push(rate(size, full.ms, empty.ms));
      }
    }
    const med = (rates) => median(rates);
    const steadyRatio = med(steady.flowforge) / med(steady.plain);
    log(
      `passthrough: steady state flowforge ${med(steady.flowforge).toFixed(0)} MB/s, bare Node relay ${med(steady.relay).toFixed(0)} MB/s, plain pipe ${med(steady.plain).toFixed(0)} MB/s (median of ${n})`,
    );
    return {
      metrics: [
        metric('throughput ratio, steady state (flowforge / plain pipe)', steadyRatio, 'x', { op: '>=', value: 0.5 }),
        metric('throughput ratio, whole pipeline incl. start-up', med(whole.flowforge) / med(whole.plain), 'x'),
        metric('bare Node relay, steady-state ratio (no analysis)', med(steady.relay) / med(steady.plain), 'x'),
        metric('bare Node relay, whole-pipeline ratio', med(whole.relay) / med(whole.plain), 'x'),
        metric('flowforge / bare Node relay, steady state', med(steady.flowforge) / med(steady.relay), 'x'),
        metric('flowforge throughput, steady state', med(steady.flowforge), 'MB/s'),
        metric('plain pipe throughput, steady state', med(steady.plain), 'MB/s'),
      ],
      details: { n, bytes: size, wholeMBps: whole, steadyMBps: steady },
    };
  } finally {
    tmp.cleanup();
  }
}

await runDriver(import.meta.url, 'passthrough', bench);

// Analyzer throughput: how many MB/s of output the tap + detection core can take in one process,
// against a naive baseline measured in the same run (splitting every line into a string, the
// readline approach the tap avoids). Also reports the pure engine's cost per analysed line.
import { createDetectionEngine } from '../../daemon/dist/core/detection-engine.js';
import { createPolicy } from '../../daemon/dist/core/policy.js';
import { getProfile } from '../../daemon/dist/config/profiles.js';
import { createOutputTap } from '../../daemon/dist/supervisor/output-tap.js';
import { envNumber, log, median, metric, runDriver } from './lib/common.mjs';

const megabytes = envNumber('BENCH_ANALYZER_MB', 200);
const repetitions = envNumber('BENCH_ANALYZER_N', 5);
const CHUNK = 64 * 1024;

function makeChunks() {
  const lines = [];
  for (let i = 0; i < 4096; i++) {
    lines.push(
      `2026-11-28T10:${String(i % 60).padStart(2, '0')}:00Z worker-${i % 7} step ${i} of 4096 id=${((i * 2654435761) >>> 0).toString(16)}`.padEnd(
        99,
        '.',
      ) + '\n',
    );
  }
  const block = Buffer.from(lines.join(''));
  const chunks = [];
  let total = 0;
  while (total < megabytes * 1e6) {
    for (let offset = 0; offset < block.length && total < megabytes * 1e6; offset += CHUNK) {
      const chunk = block.subarray(offset, Math.min(block.length, offset + CHUNK));
      chunks.push(chunk);
      total += chunk.length;
    }
  }
  return { chunks, total };
}

/** Tap + engine, one simulated 1 s tick every 200 chunks (~13 MB/s per tick budget of 1000 lines). */
function runAnalyzer(chunks) {
  const config = getProfile('standard');
  const engine = createDetectionEngine(config.detection, 0);
  const policy = createPolicy({ ...config.policy, runKey: 'bench' });
  const tap = createOutputTap({
    stream: 'stdout',
    write: () => undefined,
    onProtocolLine: () => false,
    maxLineBytes: 8192,
    analyseBudgetLines: 1000,
  });
  let atMs = 0;
  let analysed = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < chunks.length; i++) {
    tap.push(chunks[i], atMs);
    if (i % 200 === 199) {
      atMs += 1000;
      const drained = tap.drain();
      engine.observeVolume({
        atMs,
        bytes: drained.bytes,
        lines: drained.lines,
        carriageReturns: drained.carriageReturns,
      });
      engine.observeLines(drained.sampled);
      analysed += drained.sampled.length;
      policy.decide(engine.evaluate(atMs), atMs);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, analysed };
}

/** Baseline: every line decoded to a string, as a readline-style reader would. */
function runNaive(chunks) {
  let carry = '';
  let count = 0;
  const started = process.hrtime.bigint();
  for (const chunk of chunks) {
    const parts = (carry + chunk.toString('utf8')).split('\n');
    carry = parts.pop() ?? '';
    count += parts.length;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, count };
}

/** The pure engine alone: analysed lines per second through normalise + detectors + policy. */
function runEngineOnly() {
  const config = getProfile('standard');
  const engine = createDetectionEngine(config.detection, 0);
  const policy = createPolicy({ ...config.policy, runKey: 'bench' });
  const lines = Array.from({ length: 1000 }, (_, i) => ({
    atMs: 0,
    stream: 'stdout',
    text: `worker-${i % 7} step ${i} id=${(i * 40503).toString(16)} done in ${i % 97} ms`,
  }));
  const ticks = 200;
  const started = process.hrtime.bigint();
  for (let t = 1; t <= ticks; t++) {
    const atMs = t * 1000;
    engine.observeSample({ atMs, cpuPercent: 50, rssBytes: 1e8, processCount: 2, zombieCount: 0 });
    engine.observeVolume({ atMs, bytes: 100_000, lines: 1000, carriageReturns: 0 });
    engine.observeLines(lines.map((l) => ({ ...l, atMs })));
    policy.decide(engine.evaluate(atMs), atMs);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (ticks * lines.length) / seconds;
}

await runDriver(import.meta.url, 'analyzer', async () => {
  const { chunks, total } = makeChunks();
  log(`analyzer: ${Math.round(total / 1e6)} MB in ${chunks.length} chunks, ${repetitions} repetitions`);
  const analyzerMbps = [];
  const naiveMbps = [];
  for (let i = 0; i < repetitions; i++) {
    analyzerMbps.push(total / 1e6 / runAnalyzer(chunks).seconds);
    naiveMbps.push(total / 1e6 / runNaive(chunks).seconds);
  }
  const engineLinesPerSecond = median([runEngineOnly(), runEngineOnly(), runEngineOnly()]);
  const a = median(analyzerMbps);
  const n = median(naiveMbps);
  return {
    metrics: [
      metric('analyzer throughput ratio (tap + core / naive line split)', a / n, 'x'),
      metric('analyzer throughput (tap + core)', a, 'MB/s'),
      metric('naive line split (baseline)', n, 'MB/s'),
      metric('engine: analysed lines per second', engineLinesPerSecond, 'lines/s'),
    ],
    details: { megabytes, repetitions, analyzerMbps, naiveMbps },
  };
});

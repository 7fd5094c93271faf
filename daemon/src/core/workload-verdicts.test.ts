/**
 * Workloads a tester ran under the default policy, replayed through the pure core (engine + policy,
 * one evaluation per simulated second, as the supervisor's tick): healthy jobs whose lines differ only
 * in numbers or ids must not be killed, and loops must still be.
 */
import { describe, expect, it } from 'vitest';
import { getProfile } from '../config/profiles.js';
import { createDetectionEngine } from './detection-engine.js';
import { createPolicy } from './policy.js';
import type { Decision } from './types.js';

interface Workload {
  /** The i-th output line (i counts from 0 over the whole run); null prints nothing. */
  line: (i: number, second: number) => string | null;
  linesPerSecond: number;
  cpuPercent: number;
  seconds: number;
}

const uuid = (i: number) =>
  `${(0x1a2b3c4d + i * 7919).toString(16).padStart(8, '0')}-1f2e-4a5b-9c8d-${(0xabcdef123456 + i * 104729).toString(16).slice(-12)}`;
const jitter = (i: number) => 5 + ((i * 37) % 90);

/** The strongest action the default policy took over the run ('continue' when it took none). */
function verdict(workload: Workload): string {
  const profile = getProfile('standard');
  const engine = createDetectionEngine(profile.detection, 0);
  const policy = createPolicy({ ...profile.policy, runKey: 'workload' });
  const rank = ['continue', 'alert', 'restart', 'kill'];
  let strongest = 'continue';
  let i = 0;
  for (let second = 1; second <= workload.seconds; second++) {
    const atMs = second * 1000;
    const texts: string[] = [];
    for (let k = 0; k < workload.linesPerSecond; k++) {
      const text = workload.line(i, second);
      i++;
      if (text !== null) texts.push(text);
    }
    engine.observeSample({ atMs, cpuPercent: workload.cpuPercent, rssBytes: 1e8, processCount: 1, zombieCount: 0 });
    engine.observeVolume({ atMs, bytes: texts.join('\n').length, lines: texts.length, carriageReturns: 0 });
    engine.observeLines(texts.map((text) => ({ atMs, stream: 'stdout' as const, text })));
    const decision: Decision | null = policy.decide(engine.evaluate(atMs), atMs);
    if (decision !== null && rank.indexOf(decision.taken) > rank.indexOf(strongest)) strongest = decision.taken;
  }
  return strongest;
}

describe('the default policy on realistic workloads', () => {
  const healthy: [string, Workload][] = [
    [
      'a test runner printing PASSED test_N at 250 lines/s',
      { line: (i) => `PASSED tests/test_x.py::test_${i}`, linesPerSecond: 250, cpuPercent: 60, seconds: 12 },
    ],
    [
      'a crawler: fetched …/page/N 200 (N ms)',
      {
        line: (i) => `fetched https://site.example.com/page/${i} 200 (${jitter(i)}ms)`,
        linesPerSecond: 40,
        cpuPercent: 10,
        seconds: 15,
      },
    ],
    [
      'go test table cases: a 2-line RUN/PASS cycle with a rising case number',
      {
        line: (i) =>
          i % 2 === 0 ? `=== RUN   TestParse/case_${i / 2}` : `--- PASS: TestParse/case_${(i - 1) / 2} (0.00s)`,
        linesPerSecond: 100,
        cpuPercent: 40,
        seconds: 10,
      },
    ],
    [
      'a queue worker: processed job id=<uuid> in N ms',
      {
        line: (i) => `processed job id=${uuid(i)} in ${jitter(i)}ms`,
        linesPerSecond: 200,
        cpuPercent: 20,
        seconds: 15,
      },
    ],
    [
      'a training loop printing step N loss=… twice a second',
      {
        line: (i) => `step ${i * 10} loss=${(2 / (1 + i / 50)).toFixed(4)}`,
        linesPerSecond: 2,
        cpuPercent: 95,
        seconds: 30,
      },
    ],
    [
      'seq 1 25, then quiet',
      { line: (i) => (i < 25 ? String(i + 1) : null), linesPerSecond: 25, cpuPercent: 1, seconds: 4 },
    ],
    [
      'a table of 20 similar rows after 12 s of quiet, then quiet again',
      {
        line: (i, second) =>
          second === 12 && i % 20 < 20 && i < 12 * 20 ? `fold ${i % 20}: auc=0.9${i % 10} f1=0.8${i % 7}` : null,
        linesPerSecond: 20,
        cpuPercent: 5,
        seconds: 16,
      },
    ],
    [
      '60 blank lines, then quiet',
      { line: (i) => (i < 60 ? '' : null), linesPerSecond: 60, cpuPercent: 1, seconds: 4 },
    ],
    [
      'a batch job whose lines carry zero failure counts: batch N rows=M errors=0',
      {
        line: (i) => `batch ${i} rows=${1000 + ((i * 37) % 500)} errors=0 retries: 0`,
        linesPerSecond: 5,
        cpuPercent: 30,
        seconds: 20,
      },
    ],
  ];
  it.each(healthy)('does not kill %s', (_name, workload) => {
    expect(['continue', 'alert']).toContain(verdict(workload));
  });

  const runaways: [string, Workload][] = [
    [
      'the same line at 30 lines/s with no CPU',
      {
        line: () => 'could not connect to database: connection refused',
        linesPerSecond: 30,
        cpuPercent: 1,
        seconds: 8,
      },
    ],
    [
      'an agent cycling call, failed result and retry thought with fresh ids and a rising attempt',
      {
        line: (i) =>
          [
            `tool_call id=call_${uuid(Math.floor(i / 3))} name=search_docs`,
            `tool_result id=call_${uuid(Math.floor(i / 3))} status=error code=429`,
            `assistant: the search failed (attempt ${Math.floor(i / 3)}), let me call search_docs again`,
          ][i % 3] ?? null,
        linesPerSecond: 30,
        cpuPercent: 3,
        seconds: 10,
      },
    ],
    [
      'an agent alternating two calls that differ only in ids',
      {
        line: (i) =>
          i % 2 === 0 ? `tool_call id=call_${uuid(i)} name=lookup` : `tool_result id=call_${uuid(i - 1)} 0 items`,
        linesPerSecond: 10,
        cpuPercent: 3,
        seconds: 10,
      },
    ],
    [
      'a counting warm-up, then the same line flooding (the counter stopped: it explains nothing after it)',
      {
        line: (i, second) => (second <= 6 ? `warmup ${i}` : 'same'),
        linesPerSecond: 200,
        cpuPercent: 5,
        seconds: 25,
      },
    ],
    [
      'a log spammer stamped with Unix epoch milliseconds',
      {
        line: (i) => `${1712345678123 + i * 100} WARN cache backend slow, serving stale value for key=user:42`,
        linesPerSecond: 10,
        cpuPercent: 2,
        seconds: 10,
      },
    ],
    [
      'a retry storm with a rising attempt number',
      {
        line: (i) => `POST /v1/embeddings req-${uuid(i).slice(0, 8)} failed: 503; retrying (attempt ${i + 1})`,
        linesPerSecond: 40,
        cpuPercent: 5,
        seconds: 8,
      },
    ],
  ];
  it.each(runaways)('kills %s', (_name, workload) => {
    expect(verdict(workload)).toBe('kill');
  });

  it('alerts (and does not kill) an agent loop whose only change is a step counter: it cannot be told from a crawler', () => {
    const workload: Workload = {
      line: (i) =>
        i % 2 === 0
          ? `[step ${Math.floor(i / 2)}] calling search("x")`
          : `[step ${Math.floor(i / 2)}] search returned 0 results`,
      linesPerSecond: 4,
      cpuPercent: 3,
      seconds: 30,
    };
    expect(verdict(workload)).toBe('alert');
  });
});

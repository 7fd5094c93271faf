import { describe, expect, it } from 'vitest';
import type { Finding } from './types.js';
import { renderFinding, renderReason } from './render-reason.js';

const f = (detector: Finding['detector'], fields: Partial<Finding>): Finding => ({
  detector,
  severity: 'breach',
  observed: 0,
  threshold: 0,
  unit: 'count',
  windowMs: 0,
  sampleLines: [],
  detail: {},
  ...fields,
});

describe('renderFinding', () => {
  const cases: [string, Finding, string][] = [
    [
      'memory over a limit given in MB, in MB (10^6 bytes) like the limit',
      f('memory', { observed: 307_560_448, threshold: 300e6, unit: 'bytes' }),
      'memory 307.6 MB over the limit 300 MB',
    ],
    [
      'memory in GB',
      f('memory', { observed: 2 * 1024 ** 3, threshold: 2e9, unit: 'bytes' }),
      'memory 2.1 GB over the limit 2 GB',
    ],
    [
      'memory growth per minute, like memory.growth_mb_per_min',
      f('memory-growth', { observed: 2e6, threshold: 100e6 / 60, unit: 'bytes-per-second', windowMs: 300_000 }),
      'memory growing 120 MB/min > 100 MB/min over 5 min',
    ],
    [
      'a byte flood',
      f('flood', { observed: 20e6, threshold: 16e6, unit: 'bytes-per-second', windowMs: 10_000 }),
      'output flood 20 MB/s > 16 MB/s for 10 s',
    ],
    [
      'a value just under the next unit in that unit',
      f('memory', { observed: 999_960, threshold: 500, unit: 'bytes' }),
      'memory 1 MB over the limit 500 B',
    ],
    [
      'a single repeated line',
      f('repetition', { observed: 30, detail: { cycleLength: 1, windowLines: 200, linesPerSecond: 12 } }),
      'the same line repeated 30 times (window 200 lines, 12 lines/s)',
    ],
    [
      'low diversity',
      f('low-diversity', { observed: 0.02, threshold: 0.05, detail: { windowLines: 500 } }),
      'only 2% unique lines (< 5%, window 500 lines)',
    ],
    [
      'a line flood',
      f('flood', { observed: 30000, threshold: 20000, unit: 'lines-per-second', windowMs: 10_000 }),
      'output flood 30,000 lines/s > 20,000 lines/s for 10 s',
    ],
    [
      'a stall',
      f('stall', { observed: 300_000, threshold: 300_000, detail: { idleCpuPercent: 2 } }),
      'no output, protocol signal or CPU above 2% for 5 min (limit 5 min)',
    ],
    ['a heartbeat gap', f('heartbeat', { observed: 90_000, threshold: 60_000 }), 'no heartbeat for 90 s (limit 60 s)'],
    ['a timeout', f('timeout', { observed: 7_200_000, threshold: 7_200_000 }), 'running for 2 h ≥ timeout 2 h'],
    ['zombies', f('zombies', { observed: 12, threshold: 10 }), '12 zombie processes > 10'],
    [
      'a token warning',
      f('token-budget', { severity: 'warn', observed: 85_000, threshold: 100_000 }),
      'tokens 85,000 at 85% of budget 100,000',
    ],
    ['a cost breach', f('cost-budget', { observed: 4.2, threshold: 4 }), 'cost $4.20 ≥ budget $4.00'],
  ];
  it.each(cases)('renders %s', (_name, finding, text) => {
    expect(renderFinding(finding)).toBe(text);
  });
});

describe('renderReason', () => {
  it('joins three findings and says what a shadow run would have done', () => {
    const findings = [
      f('zombies', { observed: 12, threshold: 10 }),
      f('timeout', { observed: 60_000, threshold: 60_000 }),
      f('zombies', { observed: 13, threshold: 10 }),
    ];
    const reason = renderReason({
      findings,
      progress: { progressing: false, reasons: [] },
      intended: 'kill',
      taken: 'log_only',
      rollout: 'shadow',
    });
    expect(reason).toBe(
      '12 zombie processes > 10 with running for 60 s ≥ timeout 60 s and 13 zombie processes > 10; would kill (shadow mode, not enforced)',
    );
  });
});

import type { RunOutcome, SummaryAction } from '@flowforge/daemon';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { isCi, printCiAnnotations } from './ci-annotations.js';

function outcome(overrides: Partial<RunOutcome> = {}): RunOutcome {
  return {
    runId: 'run-1',
    command: ['python3', 'job.py'],
    exitCode: 0,
    childExitCode: 0,
    signal: null,
    terminationReason: 'exited',
    durationMs: 1000,
    restarts: 0,
    actions: [],
    cpuPeakPercent: null,
    memoryPeakBytes: null,
    tokensTotal: 0,
    costUsdTotal: 0,
    outputs: {},
    recovered: false,
    message: null,
    ...overrides,
  };
}

function action(overrides: Partial<SummaryAction>): SummaryAction {
  return {
    action: 'kill',
    intended: 'kill',
    at_ms: 4200,
    reason: 'CPU 180% over 150% for 10 s',
    detectors: ['cpu'],
    evidence: [],
    ...overrides,
  };
}

function capture(env: NodeJS.ProcessEnv): { io: CliIo; out: string[]; err: string[]; annotations: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const annotations: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    error: (t) => err.push(t),
    annotate: (t) => annotations.push(t),
    cwd: '/',
    env,
  };
  return { io, out, err, annotations };
}

const GITHUB = { GITHUB_ACTIONS: 'true' };

describe('isCi', () => {
  it.each([
    { name: 'CI=true', env: { CI: 'true' }, expected: true },
    { name: 'GITHUB_ACTIONS=true', env: { GITHUB_ACTIONS: 'true' }, expected: true },
    { name: 'neither set', env: {}, expected: false },
    { name: 'CI=false', env: { CI: 'false', GITHUB_ACTIONS: 'false' }, expected: false },
    { name: 'CI=1 (not the literal true)', env: { CI: '1' }, expected: false },
  ])('is $expected when $name', ({ env, expected }) => {
    expect(isCi(env)).toBe(expected);
  });
});

describe('printCiAnnotations', () => {
  it('prints nothing outside CI, even after a kill', () => {
    const { io, out, err, annotations } = capture({});
    printCiAnnotations(outcome({ terminationReason: 'policy-kill', actions: [action({})] }), io);
    expect(out).toEqual([]);
    expect(err).toEqual([]);
    expect(annotations).toEqual([]);
  });

  it('prints one ::error:: with the reason per kill, restart or pause, on stderr (stdout stays the job’s)', () => {
    const { io, out, annotations } = capture(GITHUB);
    printCiAnnotations(
      outcome({
        actions: [
          action({}),
          action({ action: 'restart', intended: 'restart', at_ms: 9000, reason: 'the same line repeated 50 times' }),
          action({ action: 'pause', intended: 'pause', at_ms: 12_000, reason: 'no output for 30 s' }),
        ],
      }),
      io,
    );
    expect(out).toEqual([]);
    expect(annotations).toEqual([
      '::error title=FlowForge kill::kill at 4.2 s: CPU 180%25 over 150%25 for 10 s',
      '::error title=FlowForge restart::restart at 9.0 s: the same line repeated 50 times',
      '::error title=FlowForge pause::pause at 12.0 s: no output for 30 s',
    ]);
  });

  it('skips alerts, which are not interventions', () => {
    const { io, annotations } = capture(GITHUB);
    printCiAnnotations(outcome({ actions: [action({ action: 'alert', intended: 'alert' })] }), io);
    expect(annotations).toEqual([]);
  });

  it('says what shadow mode would have done', () => {
    const { io, annotations } = capture({ CI: 'true' });
    printCiAnnotations(outcome({ actions: [action({ action: 'log_only', intended: 'kill', reason: 'loop' })] }), io);
    expect(annotations).toEqual(['::error title=FlowForge would kill (shadow)::would kill (shadow) at 4.2 s: loop']);
  });

  it('escapes percent signs and line breaks so the annotation stays one line', () => {
    const { io, annotations } = capture(GITHUB);
    printCiAnnotations(outcome({ actions: [action({ reason: '100% CPU\r\nline two' })] }), io);
    expect(annotations).toEqual(['::error title=FlowForge kill::kill at 4.2 s: 100%25 CPU%0D%0Aline two']);
  });

  it('annotates a FlowForge stop without actions (a timeout) with its message', () => {
    const { io, annotations } = capture(GITHUB);
    printCiAnnotations(
      outcome({ terminationReason: 'timeout', exitCode: 124, message: 'wall-clock timeout of 2 s' }),
      io,
    );
    expect(annotations).toEqual(['::error title=FlowForge::wall-clock timeout of 2 s']);
  });

  it('annotates nothing for a clean exit', () => {
    const { io, annotations } = capture(GITHUB);
    printCiAnnotations(outcome(), io);
    expect(annotations).toEqual([]);
  });
});

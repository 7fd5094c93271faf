/** `flowforge replay`: a recorded run or a log file re-evaluated against another policy. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, useTempDir } from './harness.js';
import { readSummary } from './protocol-helpers.js';

const { dir, db } = useTempDir();
let runId: string;
let policy: string;

interface Report {
  changed: boolean;
  verdictLine: string;
  recorded: { verdict: { taken: string } } | null;
  replay: { verdict: { taken: string; intended: string }; decisions: { detectors: string[] }[] };
}

beforeAll(async () => {
  const summaryFile = path.join(dir, 'loop.json');
  // An agent loop under shadow mode: nothing is killed, whatever the standard profile thinks.
  const result = await runCli([
    'run',
    '--quiet',
    '--shadow-mode',
    '--db',
    db,
    '--summary-json',
    summaryFile,
    '--',
    'python3',
    path.join(FIXTURES, 'agent_loop.py'),
    '--duration',
    '8',
  ]);
  expect(result.code).toBe(0);
  runId = readSummary(summaryFile).run_id;
  policy = path.join(dir, 'strict-loops.yaml');
  writeFileSync(policy, 'profile: strict\nrepetition:\n  min_repeats: 4\n  min_lines_per_second: 1\n');
}, 30_000);

describe('flowforge replay', () => {
  it('shows that a stricter policy would have killed a run that was only logged', async () => {
    const result = await runCli(['replay', runId, '--db', db, '--policy', policy]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /verdict: recorded: .*; replay \(policy .*strict-loops\.yaml \(profile strict\)\): kill at \d+\.\d s \(changed\)/,
    );
    expect(result.stdout).toMatch(/replay {4}kill \[repetition/);
  });

  it('prints the report as JSON with the changed verdict', async () => {
    const result = await runCli(['replay', runId.slice(0, 8), '--db', db, '--policy', policy, '--json']);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.changed).toBe(true);
    expect(report.recorded?.verdict.taken).not.toBe('kill');
    expect(report.replay.verdict).toMatchObject({ taken: 'kill', intended: 'kill' });
    expect(report.replay.decisions.at(-1)?.detectors).toContain('repetition');
  });

  it('replays a plain log file at an assumed line rate', async () => {
    const log = path.join(dir, 'loop.log');
    const lines = Array.from(
      { length: 120 },
      (_, i) => `[12:00:${String(i % 60).padStart(2, '0')}] retry call id=${(i * 7919).toString(16)}abc1 failed`,
    );
    writeFileSync(log, `${lines.join('\n')}\n`);
    const result = await runCli(['replay', log, '--profile', 'standard', '--lines-per-second', '20', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.recorded).toBeNull();
    expect(report.replay.verdict.taken).toBe('kill');
  });

  it('exits 3 for a run id that is not in the database', async () => {
    const result = await runCli(['replay', 'no-such-run', '--db', db]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('No run has id "no-such-run"');
  });
});

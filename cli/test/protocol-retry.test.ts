/** --retry-on-exit / --no-retry-on-exit: restarts under backoff and budget, with the restart env. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir } from './harness.js';
import { eventsOf, readSummary } from './protocol-helpers.js';

const { dir, db } = useTempDir();

/** Prints its restart count and last incident, exits 3 until the restart count reaches `succeedAt`. */
const flaky = (succeedAt: number): string =>
  [
    'import os, sys',
    'n = int(os.environ["FLOWFORGE_RESTART_COUNT"])',
    'print("attempt", n, os.environ.get("FLOWFORGE_LAST_INCIDENT", "-"), flush=True)',
    `sys.exit(0 if n >= ${succeedAt} else 3)`,
  ].join('\n');

describe('restarts on the exit code', () => {
  it('restarts a child exiting 3 under --retry-on-exit 3 and tells it its restart count and last incident', async () => {
    const summaryFile = path.join(dir, 'retry.json');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--retry-on-exit',
      '3',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      '-c',
      flaky(2),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('attempt 0 -\nattempt 1 exited with code 3\nattempt 2 exited with code 3\n');
    const summary = readSummary(summaryFile);
    expect(summary.restarts).toBe(2);
    const delays = eventsOf(db, summary.run_id, ['run.restarting']).map((e) => e.data.delayMs);
    expect(delays).toEqual([1000, 2000]); // exponential backoff from 1 s
  });

  it('gives up when the restart budget is spent', async () => {
    const summaryFile = path.join(dir, 'budget.json');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--retry-on-exit',
      'any',
      '--max-restarts',
      '1',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      '-c',
      flaky(99),
    ]);
    expect(result.code).toBe(123);
    expect(result.stdout).toBe('attempt 0 -\nattempt 1 exited with code 3\n');
    expect(readSummary(summaryFile).restarts).toBe(1);
  });

  it('never restarts a code listed in --no-retry-on-exit, even with --retry-on-exit any', async () => {
    const summaryFile = path.join(dir, 'no-retry.json');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--retry-on-exit',
      'any',
      '--no-retry-on-exit',
      '3',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      '-c',
      flaky(2),
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('attempt 0 -\n');
    expect(readSummary(summaryFile).restarts).toBe(0);
  });

  it('does not restart on a non-zero exit by default', async () => {
    const result = await runCli(['run', '--quiet', '--db', db, '--', 'python3', '-c', flaky(2)]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('attempt 0 -\n');
  });
});

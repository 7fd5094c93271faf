/** `flowforge run` in CI, as docs/ci.md shows it: an annotation on stderr and the summary JSON as an artifact. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, makeTempDir, runCli } from './harness.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('flowforge run under GitHub Actions', () => {
  it('prints an ::error:: annotation with the reason and writes the summary JSON when it stops a runaway', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const summary = path.join(temp.dir, 'flowforge-summary.json');
    const result = await runCli(
      ['run', '--name', 'ci-job', '--summary-json', summary, '--', 'python3', path.join(FIXTURES, 'agent_loop.py')],
      { env: { GITHUB_ACTIONS: 'true', FLOWFORGE_DB: path.join(temp.dir, 'ff.db') } },
    );
    expect(result.code).toBe(125);
    const annotations = result.stderr.split('\n').filter((line) => line.startsWith('::error'));
    expect(result.stdout).not.toContain('::error');
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error title=FlowForge kill::kill at \d+\.\d s: \S/);
    const json = JSON.parse(readFileSync(summary, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ exit_code: 125, termination_reason: 'policy-kill', recovered: false });
    expect(Object.keys(json).sort()).toEqual(
      [
        'run_id',
        'command',
        'exit_code',
        'child_exit_code',
        'signal',
        'termination_reason',
        'actions',
        'cpu_peak_percent',
        'memory_peak_mb',
        'restarts',
        'recovered',
        'tokens_total',
        'cost_usd_total',
        'outputs',
        'duration_ms',
      ].sort(),
    );
  });

  it('prints no annotation for a job that ends cleanly', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const result = await runCli(['run', '--', 'python3', '-c', 'print("ok")'], {
      env: { CI: 'true', FLOWFORGE_DB: path.join(temp.dir, 'ff.db') },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok\n');
  });
});

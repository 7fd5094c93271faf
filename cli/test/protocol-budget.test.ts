/** The protocol end to end: budgets from ::usage::, heartbeat stalls, forged lines and masks. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, useTempDir } from './harness.js';
import { eventsOf, readSummary, withStore } from './protocol-helpers.js';

const { dir, db } = useTempDir();

describe('budgets and heartbeats through the protocol', () => {
  it('kills an agent at the usage report that takes it over --max-tokens, and records the totals', async () => {
    const summaryFile = path.join(dir, 'budget.json');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--max-tokens',
      '10000',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      path.join(FIXTURES, 'usage_agent.py'),
      '--step-seconds',
      '0.1',
    ]);
    const summary = readSummary(summaryFile);
    expect(result.code).toBe(125);
    expect(summary.termination_reason).toBe('budget');
    expect(summary.tokens_total).toBeGreaterThanOrEqual(10_000);
    const usage = eventsOf(db, summary.run_id, ['run.usage']).map((e) => e.data.tokensTotal as number);
    // The report that crossed the budget is acted on at once: at most one more report slips in.
    expect(usage.filter((total) => total >= 10_000).length).toBeLessThanOrEqual(2);
    const run = withStore(db, (store) => store.getRun(summary.run_id));
    expect(run?.tokensTotal).toBe(summary.tokens_total);
    expect(run?.costUsdTotal).toBeCloseTo(summary.cost_usd_total, 9);
    const kill = eventsOf(db, summary.run_id, ['policy.decided']).find((e) => e.data.intended === 'kill');
    expect(kill?.data.detectors).toEqual(['token-budget']);
    expect(typeof kill?.data.detectionLatencyMs).toBe('number');
  });

  it('kills a job whose heartbeats stop for --heartbeat-timeout', async () => {
    const summaryFile = path.join(dir, 'heartbeat.json');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--heartbeat-timeout',
      '1s',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      path.join(FIXTURES, 'heartbeat_then_hang.py'),
      '--beats-for',
      '1.5',
      '--duration',
      '30',
    ]);
    const summary = readSummary(summaryFile);
    expect(result.code).toBe(125);
    expect(summary.termination_reason).toBe('policy-kill');
    const kill = eventsOf(db, summary.run_id, ['policy.decided']).find((e) => e.data.intended === 'kill');
    expect(kill?.data.detectors).toEqual(['heartbeat']);
    expect(kill?.data.detectionLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('passes lines without the nonce through as output with a protocol.warning, and masks add-mask values', async () => {
    const summaryFile = path.join(dir, 'forged.json');
    const script = [
      'print("::usage input_tokens=999999::", flush=True)',
      'print("::heartbeat::forged", flush=True)',
      'print("::add-mask::hunter2-secret-value", flush=True)',
      'print("logging in with hunter2-secret-value now", flush=True)',
    ].join('\n');
    const result = await runCli([
      'run',
      '--quiet',
      '--db',
      db,
      '--max-tokens',
      '1000',
      '--summary-json',
      summaryFile,
      '--',
      'python3',
      '-c',
      script,
    ]);
    const summary = readSummary(summaryFile);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::usage input_tokens=999999::\n::heartbeat::forged\n');
    expect(summary.tokens_total).toBe(0);
    const warnings = eventsOf(db, summary.run_id, ['protocol.warning']).map((e) => [e.data.command, e.data.reason]);
    expect(warnings).toEqual([
      ['usage', 'missing-nonce'],
      ['heartbeat', 'missing-nonce'],
    ]);
    const stored = withStore(db, (store) => store.listOutput(summary.run_id, { limit: 100 })).map((l) => l.text);
    expect(stored.some((text) => text.startsWith('logging in with '))).toBe(true);
    expect(stored.join('\n')).not.toContain('hunter2-secret-value');
  });

  it('passes add-mask and annotations on to the GitHub Actions runner, which must see the mask too', async () => {
    const script = [
      'print("::add-mask::hunter2-secret-value", flush=True)',
      'print("::error title=Build::boom", flush=True)',
      'print("::notice::all done", flush=True)',
    ].join('\n');
    const run = (env: Record<string, string>) =>
      runCli(['run', '--quiet', '--db', db, '--', 'python3', '-c', script], { env });
    const underActions = await run({ GITHUB_ACTIONS: 'true' });
    expect(underActions.code).toBe(0);
    expect(underActions.stdout).toBe(
      '::add-mask::hunter2-secret-value\n::error title=Build::boom\n::notice::all done\n',
    );
    const elsewhere = await run({ GITHUB_ACTIONS: '' });
    expect(elsewhere.stdout).toBe('');
  });
});

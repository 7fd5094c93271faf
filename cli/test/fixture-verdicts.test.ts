/**
 * Every fixture script runs under the real CLI and must get the verdict fixtures/manifest.json
 * promises: the action, exit code, termination reason, detectors, SQLite rows, and no pid left.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, livePidsInGroup, makeTempDir, runCli } from './harness.js';
import { withStore } from './protocol-helpers.js';

interface ManifestEntry {
  name: string;
  command: string[];
  flags: string[];
  expected: {
    verdict: 'kill' | 'alert' | 'continue' | 'restart';
    acceptableVerdicts?: string[];
    exitCode?: number;
    terminationReason?: string;
    detectors?: string[];
  };
  timeoutMs: number;
}

interface Summary {
  run_id: string;
  exit_code: number;
  termination_reason: string;
  duration_ms: number;
  actions: { action: string; detectors: string[] }[];
}

const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')) as {
  fixtures: ManifestEntry[];
};
const RANK: Record<string, number> = { continue: 0, log_only: 1, alert: 1, pause: 2, restart: 3, kill: 4 };

function strongestAction(summary: Summary): string {
  let best = 'continue';
  for (const { action } of summary.actions) if ((RANK[action] ?? 0) > (RANK[best] ?? 0)) best = action;
  return best;
}

describe('fixture verdicts under flowforge run', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir();
  });
  afterAll(() => {
    tmp.cleanup();
  });

  for (const fixture of manifest.fixtures) {
    const { expected } = fixture;
    it(
      `${fixture.name}: ${expected.verdict}${expected.terminationReason === undefined ? '' : ` (${expected.terminationReason})`}`,
      { timeout: fixture.timeoutMs + 15_000 },
      async () => {
        const db = path.join(tmp.dir, `${fixture.name}.db`);
        const summaryPath = path.join(tmp.dir, `${fixture.name}.json`);
        const result = await runCli([
          'run',
          ...fixture.flags,
          '--db',
          db,
          '--summary-json',
          summaryPath,
          '--',
          ...fixture.command,
        ]);
        const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;

        const verdict = strongestAction(summary);
        expect(expected.acceptableVerdicts ?? [expected.verdict], result.stderr).toContain(verdict);
        if (expected.exitCode !== undefined) expect(result.code).toBe(expected.exitCode);
        expect(summary.exit_code).toBe(result.code);
        if (expected.terminationReason !== undefined)
          expect(summary.termination_reason).toBe(expected.terminationReason);
        if (expected.detectors !== undefined && verdict !== 'continue') {
          const seen = summary.actions.flatMap((a) => a.detectors);
          expect(
            seen.some((d) => expected.detectors?.includes(d)),
            `detectors seen: ${seen.join(', ')}`,
          ).toBe(true);
        }

        withStore(db, (store) => {
          const run = store.getRun(summary.run_id);
          expect(run?.terminationReason).toBe(summary.termination_reason);
          expect(run?.exitCode).toBe(summary.exit_code);
          const decisions = store.listDecisions(summary.run_id);
          if (verdict !== 'continue') expect(decisions.length).toBeGreaterThan(0);
          if (verdict === 'kill') {
            const incidents = store.listIncidents({ runId: summary.run_id, limit: 10 });
            expect(incidents.map((i) => i.action)).toContain('kill');
          }
          if (summary.duration_ms >= 2_000) expect(store.listSamples(summary.run_id).length).toBeGreaterThan(0);
          // Every fixture starts, so its child (the leader of its process group) must be recorded and gone.
          expect(run?.childPid).toEqual(expect.any(Number));
          expect(livePidsInGroup(run?.childPid ?? 0)).toEqual([]);
        });
      },
    );
  }
});

/** The hand-written contract docs list what the code defines: error codes, exit codes, summary-JSON fields. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CODES, toSummaryJson, type RunOutcome } from '@flowforge/daemon';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness.js';

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The members of the FlowForgeErrorCode union, read from its source. */
function errorCodes(): string[] {
  const source = read('daemon/src/errors.ts');
  const union = /export type FlowForgeErrorCode =([^;]+);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1] ?? '');
}

const outcome: RunOutcome = {
  runId: 'r',
  command: ['true'],
  exitCode: 0,
  childExitCode: 0,
  signal: null,
  terminationReason: 'exited',
  durationMs: 1,
  restarts: 0,
  actions: [],
  cpuPeakPercent: null,
  memoryPeakBytes: null,
  tokensTotal: 0,
  costUsdTotal: 0,
  outputs: {},
  recovered: false,
  message: null,
};

describe('docs/errors.md', () => {
  it('has a row for every FlowForgeErrorCode and no row for a code that does not exist', () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThan(20);
    const rows = [...read('docs/errors.md').matchAll(/^\| `([A-Z_]+)` /gm)].map((match) => match[1]);
    expect([...rows].sort()).toEqual([...codes].sort());
  });

  it('explains every exit code FlowForge uses itself', () => {
    const doc = read('docs/errors.md');
    for (const code of Object.values(EXIT_CODES)) expect(doc).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
  });
});

describe('docs/summary-json.md', () => {
  it('documents every field of the summary JSON, and only those', () => {
    const fields = Object.keys(toSummaryJson(outcome));
    const doc = read('docs/summary-json.md');
    const table = doc.slice(doc.indexOf('## Fields'), doc.indexOf('### `actions[]`'));
    const rows = [...table.matchAll(/^\| `([a-z_]+)` /gm)].map((match) => match[1]);
    expect([...rows].sort()).toEqual([...fields].sort());
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowForgeErrorCode } from '../errors.js';
import { STATUS_BY_CODE, statusOfCode } from './problem.js';

const read = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');

/** The members of the FlowForgeErrorCode union, read from its source (as cli/test/docs-contracts does). */
function errorCodes(): FlowForgeErrorCode[] {
  const union = /export type FlowForgeErrorCode =([^;]+);/.exec(read('../errors.ts'))?.[1] ?? '';
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1] as FlowForgeErrorCode);
}

/** Codes no request can cause (the daemon's own start and stop): a 500 is right for them. */
const INTERNAL_CODES: readonly FlowForgeErrorCode[] = [
  'INTERNAL',
  'DAEMON_ALREADY_RUNNING',
  'DAEMON_NOT_RUNNING',
  'BIND_REFUSED',
  'PORT_IN_USE',
];

describe('statusOfCode', () => {
  it('gives every error code a deliberate status, and 500 only to the truly internal ones', () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...codes].sort());
    const answered500 = codes.filter((code) => statusOfCode(code) === 500);
    expect(answered500.sort()).toEqual([...INTERNAL_CODES].sort());
  });

  it('answers an invalid flowforge.yaml of a run to start with 422, like the spawn checks', () => {
    for (const code of [
      'CONFIG_INVALID',
      'CONFIG_NOT_FOUND',
      'CONFIG_SUBSTITUTION',
      'SPAWN_NOT_FOUND',
      'SPAWN_NOT_EXECUTABLE',
    ] as const) {
      expect(statusOfCode(code)).toBe(422);
    }
  });

  it('matches the HTTP column of docs/errors.md', () => {
    const doc = read('../../../docs/errors.md');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}|–) +\|/gm)];
    expect(rows.length).toBeGreaterThan(20);
    for (const [, code, http] of rows) {
      if (http === '–') continue; // never an API answer (CLI or daemon start-up only)
      expect({ code, status: statusOfCode(code as FlowForgeErrorCode) }).toEqual({ code, status: Number(http) });
    }
  });
});

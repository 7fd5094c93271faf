import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { vacuum } from './prune.js';

function recordingIo(): CliIo & { outs: string[]; errors: string[] } {
  const outs: string[] = [];
  const errors: string[] = [];
  return {
    outs,
    errors,
    out: (text) => outs.push(text),
    error: (text) => errors.push(text),
    annotate: () => undefined,
    cwd: '/',
    env: {},
  };
}

describe('prune --vacuum', () => {
  it('says the space is back when VACUUM succeeds', () => {
    const io = recordingIo();
    expect(vacuum({ vacuum: () => undefined }, io)).toBe(0);
    expect(io.outs).toEqual(['vacuumed: the freed space is back with the file system']);
  });

  it('says the runs are removed all the same, and what to do, when VACUUM cannot get the database', () => {
    const io = recordingIo();
    const busy = {
      vacuum: () => {
        throw new Error('database is locked');
      },
    };
    expect(vacuum(busy, io)).toBe(1);
    expect(io.errors).toHaveLength(1);
    expect(io.errors[0]).toContain('the runs are removed, but the file could not be vacuumed: database is locked');
    expect(io.errors[0]).toContain('try --vacuum again when no run is writing');
  });
});

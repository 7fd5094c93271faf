/** An evidence path that cannot be a database is said at the start, even by a run too short to open it. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRun } from '../../test/store-fixtures.js';
import { openStore } from '../adapters/sqlite-store.js';
import { openRunStore } from './run-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ff-run-store-path-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = newRun('r1');

/** A short run (it finishes inside the deferral) against `path`; returns the warnings. */
function shortRun(path: string): string[] {
  const warnings: string[] = [];
  const store = openRunStore(path, {}, (message) => warnings.push(message));
  store.writer.createRun(run, 1);
  store.finish();
  store.close();
  return warnings;
}

describe('openRunStore on a path that cannot be the database', () => {
  it('says at once that a directory is not a database file, and leaves no spool beside it', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const warnings = shortRun(path);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cannot use the evidence database ${path}: it is a directory`);
    expect(existsSync(`${path}-spool`)).toBe(false);
  });

  it('says a file that is not SQLite is not a database', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'my notes, not a database\n');
    const warnings = shortRun(path);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('it is not an SQLite database');
  });

  it('is silent for a database file and for a file not made yet (the short run spools)', () => {
    const existing = join(dir, 'runs.db');
    openStore(existing).close();
    expect(shortRun(existing)).toEqual([]);
    const fresh = join(dir, 'fresh.db');
    expect(shortRun(fresh)).toEqual([]);
    expect(existsSync(`${fresh}-spool`)).toBe(true);
  });
});

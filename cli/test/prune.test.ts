/** `flowforge prune`: old runs leave the evidence database, runs that just ended in the spool included. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir } from './harness.js';
import { withStore } from './protocol-helpers.js';

const { dir, db } = useTempDir();

describe('flowforge prune', () => {
  it('removes the runs that ended before the cutoff, folding in the spool first, and counts on --dry-run', async () => {
    for (const code of [0, 3]) {
      const run = await runCli(['run', '--quiet', '--db', db, '--', 'sh', '-c', `exit ${code}`]);
      expect(run.code).toBe(code);
    }
    // Both runs were shorter than a second: they wait in the spool, not yet in the database.
    expect(readdirSync(`${db}-spool`).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const young = await runCli(['prune', '--older-than', '1h', '--db', db]);
    expect(young.code).toBe(0);
    expect(young.stdout).toContain('removed 0 runs that ended more than 1h ago');
    expect(readdirSync(`${db}-spool`).filter((f) => f.endsWith('.json'))).toHaveLength(0);
    expect(withStore(db, (store) => store.listRuns({ limit: 10 }))).toHaveLength(2);

    const dry = await runCli(['prune', '--older-than', '0s', '--dry-run', '--db', db]);
    expect(dry.stdout).toContain('would remove 2 runs');
    expect(withStore(db, (store) => store.listRuns({ limit: 10 }))).toHaveLength(2);

    const all = await runCli(['prune', '--older-than', '0s', '--vacuum', '--db', db]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/removed 2 runs that ended more than 0s ago \(\d+ events\)/);
    expect(all.stdout).toContain('vacuumed');
    expect(withStore(db, (store) => store.listRuns({ limit: 10 }))).toHaveLength(0);
  });

  it('changes nothing on --dry-run: no database made, the spool left where it is, only counted', async () => {
    const fresh = path.join(dir, 'fresh.db');
    const run = await runCli(['run', '--quiet', '--db', fresh, '--', 'true']);
    expect(run.code).toBe(0);
    const dry = await runCli(['prune', '--older-than', '0s', '--dry-run', '--db', fresh]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('1 recent run still in the spool');
    expect(dry.stdout).toContain('nothing to prune');
    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(`${fresh}-spool`).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('says what to pass when the age is missing or not a duration', async () => {
    const missing = await runCli(['prune', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--older-than is required: e.g. flowforge prune --older-than 30d');
    const bad = await runCli(['prune', '--older-than', 'a month', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than: expected a duration like "10s"');
  });
});

/** `flowforge daemon …` errors: bad usage is 2 as for every command, and a file-system error is one line. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir } from './harness.js';

const { dir, db } = useTempDir();

describe('flowforge daemon errors', () => {
  it.each([
    [['daemon']],
    [['daemon', 'bogus']],
    [['daemon', 'start', '--bogus']],
    [['daemon', 'logs', '--lines', '0']],
  ])('exits 2 for bad usage: %j', async (args) => {
    const result = await runCli(args, { env: { FLOWFORGE_DATA_DIR: dir, FLOWFORGE_DB: db } });
    expect(result.code).toBe(2);
  });

  it('says in one line, without a stack trace, that the data directory cannot be made', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a directory\n');
    const result = await runCli(['daemon', 'start'], {
      env: { FLOWFORGE_DATA_DIR: path.join(file, 'sub'), FLOWFORGE_DB: db },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ENOTDIR');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

/** The built CLI started from a directory that was deleted says so in one line instead of crashing. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './harness.js';

describe('flowforge run from a deleted directory', () => {
  it('prints one line naming the problem and exits 2, without a stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowforge-gone-'));
    // The shell enters the directory, removes it, then becomes the CLI: its cwd is a deleted directory.
    const result = spawnSync(
      'sh',
      ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" run -- true', 'sh', dir, process.execPath, CLI],
      {
        cwd: tmpdir(),
        env: {
          ...process.env,
          CI: 'false',
          GITHUB_ACTIONS: 'false',
          FLOWFORGE_DB: path.join(tmpdir(), 'flowforge-gone-unused.db'),
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.stderr).toBe('flowforge: the current directory no longer exists: cd to an existing directory\n');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });
});
